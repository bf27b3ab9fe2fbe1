/**
 * `rnn generate <checkpoint>`: runs the prime text through the model for its state, then draws
 * one token at a time from the logits, writing each to stdout the moment it is drawn.
 */
import { Generator } from '@rnn/tensor';
import { generateTokensAsync, type Tokenizer } from '@rnn/train';
import { Option, type Command } from 'commander';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { encodeWith } from '../data/corpus.js';
import { openCheckpoint } from '../model/checkpoint.js';
import { selectBackend, BACKEND_NAMES, type BackendName } from '../options/backend.js';
import { choice, nonNegativeInteger, numberInRange, positiveInteger, seed } from '../options/parsers.js';

export interface GenerateOptions {
  readonly prime?: string;
  /** Tokens to generate after the prime. */
  readonly length: number;
  /** 0: greedy. */
  readonly temperature: number;
  /** 0: no cut. */
  readonly topK: number;
  readonly seed: number;
  readonly backend: BackendName;
}

/** A newline when the vocabulary has one (text starts after a line break), else its first token. */
export function defaultPrime(tokenizer: Tokenizer): string {
  if (tokenizer.kind === 'word') return tokenizer.tokens[Math.min(1, tokenizer.size - 1)]!;
  return tokenizer.idOf('\n') === undefined ? tokenizer.tokens[0]! : '\n';
}

/** Streams `length` generated tokens after the prime to `io.stdout`; returns the generated text. */
export async function generate(checkpointPath: string, options: GenerateOptions, io: CliIo): Promise<string> {
  await selectBackend(options.backend);
  const { model, tokenizer, checkpoint } = await openCheckpoint(checkpointPath);
  checkpoint.dispose();
  try {
    model.eval();
    const prime = options.prime ?? defaultPrime(tokenizer);
    const primeIds = encodeWith(tokenizer, prime, '--prime');
    if (primeIds.length === 0) throw new CliError(`--prime ${JSON.stringify(prime)} holds no token of the model's vocabulary`, 'give some text');
    const generator = new Generator(options.seed);
    const separator = tokenizer.kind === 'word' ? ' ' : '';
    io.stdout.write(prime);
    let text = '';
    const sampling = { length: options.length, temperature: options.temperature, ...(options.topK > 0 ? { topK: options.topK } : {}), generator };
    for await (const id of generateTokensAsync(model, primeIds, sampling)) {
      const token = separator + tokenizer.decode([id]);
      io.stdout.write(token);
      text += token;
    }
    io.stdout.write('\n');
    return text;
  } finally {
    model.dispose();
  }
}

export function generateCommand(program: Command, io: CliIo): Command {
  return program
    .command('generate')
    .description('generate text from a checkpoint, streamed to stdout')
    .argument('<checkpoint>', 'a checkpoint file, or a training --out directory (its latest)')
    .option('--prime <text>', 'text to start from (default: a newline, or the first token)')
    .option('--length <n>', 'tokens to generate', positiveInteger, 500)
    .option('--temperature <t>', 'sampling temperature (0: greedy; below 1: safer, above: wilder)', numberInRange({ min: 0 }), 1)
    .option('--top-k <k>', 'sample among the k most likely tokens only (0: all)', nonNegativeInteger, 0)
    .option('--seed <n>', 'seed of the sampling', seed, 1)
    .addOption(new Option('--backend <name>', BACKEND_NAMES.join(', ')).argParser(choice(BACKEND_NAMES)).default('cpu'))
    .addHelpText('after', '\nExample:\n  rnn generate runs/shakespeare --prime "ROMEO:" --length 300 --temperature 0.8 --seed 7')
    .action(async (path: string, options: GenerateOptions) => {
      await generate(path, options, io);
    });
}
