/** `rnn eval <checkpoint> --data file`: the model's scores on a text, in non-overlapping chunks. */
import { Option, type Command } from 'commander';
import { evaluateLanguageModel, type LanguageModelScores } from '@rnn/train';
import type { CliIo } from '../io.js';
import { encodeWith, readText } from '../data/corpus.js';
import { CliError } from '../errors.js';
import { openCheckpoint } from '../model/checkpoint.js';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../options/backend.js';
import { choice, positiveInteger } from '../options/parsers.js';
import { formatCount, formatLoss } from '../output/format.js';
import { jsonLine } from '../output/json-lines.js';

export interface EvalOptions {
  readonly data: string;
  /** Chunk length; default the training --seq-len. */
  readonly seqLen?: number;
  readonly batch: number;
  readonly backend: BackendName;
  readonly json?: boolean;
}

export interface EvalResult extends LanguageModelScores {
  readonly checkpoint: string;
  readonly step: number;
}

export async function evaluate(checkpointPath: string, options: EvalOptions, io: CliIo): Promise<EvalResult> {
  await selectBackend(options.backend);
  const text = readText(options.data);
  const { model, tokenizer, train, checkpoint, path } = await openCheckpoint(checkpointPath);
  const step = checkpoint.step;
  checkpoint.dispose();
  try {
    const seqLen = options.seqLen ?? train.seqLen;
    const ids = encodeWith(tokenizer, text, `data file '${options.data}'`);
    if (ids.length < seqLen + 1) {
      throw new CliError(`data file '${options.data}' holds ${ids.length} tokens, too few for one chunk of ${seqLen} and its targets`, 'give a shorter --seq-len or more text');
    }
    const scores = await evaluateLanguageModel(model.eval(), ids, { seqLen, batchSize: options.batch });
    const result: EvalResult = { checkpoint: path, step, ...scores };
    if (options.json === true) io.stdout.write(jsonLine('eval', { ...result, data: options.data, seqLen }));
    else {
      const unit = tokenizer.kind === 'char' ? 'char' : 'token';
      io.stdout.write(
        [
          `${options.data}: ${formatCount(scores.tokens)} ${unit}s predicted in chunks of ${seqLen} (checkpoint ${path}, step ${step})`,
          `  loss        ${formatLoss(scores.loss)} nats/${unit}`,
          `  ${`bits/${unit}`.padEnd(10)}  ${scores.bitsPerCharacter.toFixed(4)}`,
          `  perplexity  ${scores.perplexity.toFixed(3)}`,
          `  accuracy    ${scores.accuracy.toFixed(4)}`,
          '',
        ].join('\n'),
      );
    }
    return result;
  } finally {
    model.dispose();
  }
}

export function evalCommand(program: Command, io: CliIo): Command {
  return program
    .command('eval')
    .description('loss, bits per char, perplexity and accuracy of a checkpoint on a text file')
    .argument('<checkpoint>', 'a checkpoint file, or a training --out directory (its latest)')
    .requiredOption('--data <file>', 'text to evaluate on')
    .option('--seq-len <n>', 'chunk length (default: the training --seq-len)', positiveInteger)
    .option('--batch <n>', 'chunks per batch', positiveInteger, 256)
    .addOption(new Option('--backend <name>', BACKEND_NAMES.join(', ')).argParser(choice(BACKEND_NAMES)).default('cpu'))
    .option('--json', 'one JSON line')
    .addHelpText('after', '\nExample:\n  rnn eval runs/shakespeare --data test.txt --json')
    .action(async (path: string, options: EvalOptions) => {
      await evaluate(path, options, io);
    });
}
