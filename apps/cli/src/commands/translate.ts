/**
 * `rnn translate <checkpoint>`: runs lines of text through a seq2seq checkpoint — greedy
 * decoding, or beam search with `--beam` — and prints one output per input line (or the
 * `--n-best` outputs, or JSON lines with scores and attention weights).
 */
import { readFileSync } from 'node:fs';
import { dispose } from '@rnn/tensor';
import type { Hypothesis } from '@rnn/layers';
import { padSequences, TokenizerError, type Tokenizer } from '@rnn/train';
import { Option, type Command } from 'commander';
import { CliError, fileError } from '../errors.js';
import type { CliIo } from '../io.js';
import { describe } from '../data/corpus.js';
import { openSeq2SeqCheckpoint } from '../model/checkpoint.js';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../options/backend.js';
import { choice, numberInRange, positiveInteger } from '../options/parsers.js';

export interface TranslateCliOptions {
  /** Texts to translate (repeatable `--input`). */
  readonly input?: readonly string[];
  /** A file of lines to translate. */
  readonly file?: string;
  /** 1: greedy decoding. */
  readonly beam: number;
  readonly lengthPenalty: number;
  /** Default: the model's. */
  readonly maxLength?: number;
  readonly nBest: number;
  readonly attention?: boolean;
  readonly backend: BackendName;
  readonly json?: boolean;
}

/** One line to translate and where it came from, for messages: `lines.txt:3`, `--input 2`. */
export interface InputLine {
  readonly text: string;
  readonly where: string;
}

/** One input's result: its best hypotheses, decoded. */
export interface Translation {
  readonly source: string;
  readonly hypotheses: readonly { readonly output: string; readonly score: number; readonly logProb: number; readonly finished: boolean; readonly attention: number[][] | null }[];
}

/** Lines decoded together (each batch is padded to its longest line). */
const BATCH = 64;

/** The lines of `--input`, `--file`, or standard input, each with where it came from. */
export async function inputLines(options: Pick<TranslateCliOptions, 'input' | 'file'>, io: CliIo): Promise<InputLine[]> {
  const given = options.input ?? [];
  if (given.length > 0 && options.file !== undefined) throw new CliError('--input and --file both give the text to translate', 'give one of them');
  if (given.length > 0) return given.map((text, i) => ({ text, where: `--input ${i + 1}` }));
  let text: string | undefined;
  let name: string;
  if (options.file !== undefined) {
    name = options.file;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (e) {
      throw fileError('input file', options.file, e, 'check the --file path');
    }
  } else {
    name = 'stdin';
    text = await io.readStdin?.();
    if (text === undefined) throw new CliError('nothing to translate', 'give --input "text", --file lines.txt, or pipe lines on stdin');
  }
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new CliError(`${name === 'stdin' ? 'stdin' : `input file '${name}'`} holds no lines to translate`, 'give one text per line');
  return lines.map((line, i) => ({ text: line, where: `${name}:${i + 1}` }));
}

/** The source ids of a line; an empty line or a character the vocabulary lacks is a `CliError` naming the line. */
export function encodeInput(tokenizer: Tokenizer, line: InputLine): Int32Array {
  if (line.text.length === 0) throw new CliError(`${line.where}: the line is empty`, 'every input line needs text to translate: remove empty lines');
  try {
    return tokenizer.encode(line.text);
  } catch (e) {
    if (e instanceof TokenizerError && e.token !== undefined) {
      throw new CliError(
        `${line.where} ${JSON.stringify(line.text)}: ${describe(e.token)} at offset ${e.offset ?? '?'} is not in the model's source vocabulary of ${tokenizer.size} characters`,
        'translate text made of the characters the model was trained on',
      );
    }
    throw e;
  }
}

export async function translate(checkpointPath: string, options: TranslateCliOptions, io: CliIo): Promise<Translation[]> {
  const { beam, lengthPenalty, nBest } = options;
  if (nBest > beam) throw new CliError(`--n-best ${nBest} is more than --beam ${beam}: a beam search keeps --beam hypotheses`, `give --beam ${nBest} or more`);
  const lines = await inputLines(options, io);
  await selectBackend(options.backend);
  const { model, sourceTokenizer, targetTokenizer, checkpoint } = await openSeq2SeqCheckpoint(checkpointPath);
  checkpoint.dispose();
  try {
    model.eval();
    const maxLength = options.maxLength ?? model.maxLength;
    if (maxLength > model.maxLength) {
      throw new CliError(`--max-length ${maxLength} is more than the model's ${model.maxLength} (its training --max-length)`, `give --max-length ${model.maxLength} or less`);
    }
    if (options.attention === true && model.decoder.attention === null) {
      throw new CliError('--attention: this model has no attention weights to show (it was trained with --attention none)', 'drop --attention');
    }
    const ids = lines.map((line) => encodeInput(sourceTokenizer, line));
    const results: Translation[] = [];
    for (let start = 0; start < lines.length; start += BATCH) {
      const chunk = ids.slice(start, start + BATCH);
      const { x: source, lengths } = padSequences(chunk);
      let decoded: Hypothesis[][];
      try {
        decoded = await model.translate(source, { sourceLengths: lengths, beamWidth: beam, lengthPenalty, maxLength, numReturn: nBest });
      } finally {
        dispose(source);
      }
      decoded.forEach((hypotheses, b) => {
        const line = lines[start + b]!;
        const translation: Translation = {
          source: line.text,
          hypotheses: hypotheses.map((h) => ({
            output: targetTokenizer.decode(h.tokens),
            score: h.score,
            logProb: h.logProb,
            finished: h.finished,
            attention: h.attention === null ? null : h.attention.map((row) => Array.from(row.subarray(0, lengths[b]))),
          })),
        };
        results.push(translation);
        io.stdout.write(format(translation, start + b + 1, options));
      });
    }
    return results;
  } finally {
    model.dispose();
  }
}

/** Rounds to 6 significant digits so JSON lines stay short. */
const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

function format(t: Translation, number: number, options: TranslateCliOptions): string {
  const showAttention = options.attention === true;
  const many = options.nBest > 1;
  return t.hypotheses
    .map((h, rank) => {
      if (options.json === true) {
        const line = { source: t.source, output: h.output, score: h.score, logProb: h.logProb, finished: h.finished, ...(many ? { rank: rank + 1 } : {}), ...(showAttention ? { attention: h.attention } : {}) };
        return `${JSON.stringify(line, (_, v: unknown) => (typeof v === 'number' ? round(v) : v))}\n`;
      }
      const text = many ? `${number}\t${h.score.toFixed(4)}\t${h.output}\n` : `${h.output}\n`;
      return showAttention && h.attention !== null ? text + attentionTable(t.source, h) : text;
    })
    .join('');
}

/** The weights as a table: a row per output character (and the end token), a column per source character. */
function attentionTable(source: string, h: Translation['hypotheses'][number]): string {
  const show = (c: string): string => (c === ' ' ? '␠' : c === '\t' ? '⇥' : c);
  const outputs = [...Array.from(h.output, show), ...(h.finished ? ['</s>'] : [])];
  const rows = h.attention ?? [];
  const label = Math.max(4, ...outputs.map((o) => o.length));
  const header = `  ${''.padEnd(label)} ${Array.from(source, (c) => show(c).padStart(5)).join('')}`;
  const body = rows.map((row, t) => `  ${(outputs[t] ?? '').padEnd(label)} ${row.map((w) => w.toFixed(2).padStart(5)).join('')}`);
  return `${[header, ...body].join('\n')}\n`;
}

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

export function translateCommand(program: Command, io: CliIo): Command {
  return program
    .command('translate')
    .description('translate lines of text with a seq2seq checkpoint (rnn train --task seq2seq): greedy or beam search')
    .argument('<checkpoint>', 'a checkpoint file, or a training --out directory (its latest)')
    .option('--input <text>', 'a text to translate (repeatable; default: the lines of --file or stdin)', collect)
    .option('--file <path>', 'translate every line of this file')
    .option('--beam <n>', 'beam width (1: greedy decoding)', positiveInteger, 1)
    .option('--length-penalty <a>', "GNMT's length penalty α: scores are logP / ((5 + length) / 6)^α", numberInRange({ min: 0 }), 0)
    .option('--max-length <n>', "most output steps, end token included (default: the model's)", positiveInteger)
    .option('--n-best <k>', 'print the k best outputs of the beam per input', positiveInteger, 1)
    .option('--attention', 'show the attention weights (a table per output, or "attention" in --json)')
    .addOption(new Option('--backend <name>', BACKEND_NAMES.join(', ')).argParser(choice(BACKEND_NAMES)).default('cpu'))
    .option('--json', 'one JSON line per output: {source, output, score, logProb, finished, attention?}')
    .addHelpText('after', '\nExamples:\n  rnn translate runs/reverse --input "abc" --input "hello"\n  rnn translate runs/reverse --file lines.txt --beam 5 --n-best 3 --json\n  cat lines.txt | rnn translate runs/reverse')
    .action(async (path: string, options: TranslateCliOptions) => {
      await translate(path, options, io);
    });
}
