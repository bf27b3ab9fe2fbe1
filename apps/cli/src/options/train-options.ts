/**
 * Every `rnn train` option in one table: its flag, parser, default, help group, and whether a
 * resumed run may change it. The table drives the commander options, the JSON config file's
 * keys (the same names in camelCase), and the training config saved in each checkpoint.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BRIDGE_MODES, CELL_NAMES, type BridgeMode, type CellName } from '@rnn/layers';
import { BACKEND_NAMES, type BackendName, type ThreadCount } from './backend.js';
import { choice, nonNegativeInteger, numberInRange, positiveInteger, positiveNumber, rate, seed, threadCount, type Parser } from './parsers.js';

export const OPTIMIZERS = ['sgd', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
export const SCHEDULES = ['none', 'step', 'exponential', 'cosine'] as const;
export const TOKENIZERS = ['char', 'word'] as const;
/** `lm`: a language model on a text; `seq2seq`: an encoder-decoder on source<TAB>target pairs. */
export const TASKS = ['lm', 'seq2seq'] as const;
export type TaskName = (typeof TASKS)[number];
/** The seq2seq decoder's attention: none, Bahdanau's additive, or Luong's dot / general score. */
export const ATTENTIONS = ['none', 'bahdanau', 'luong-dot', 'luong-general'] as const;
export type AttentionName = (typeof ATTENTIONS)[number];

/** The resolved training configuration; saved in every checkpoint (`extra.train`). */
export interface TrainConfig {
  readonly task: TaskName;
  /** The training text (or pairs); required (a resumed run has the saved one). */
  readonly data: string | undefined;
  /** seq2seq: validation pairs from this file instead of --val-fraction of the data. */
  readonly valData: string | undefined;
  readonly tokenizer: (typeof TOKENIZERS)[number];
  readonly valFraction: number;
  readonly cell: CellName;
  readonly peephole: boolean;
  readonly layers: number;
  readonly hidden: number;
  readonly projSize: number;
  /** 0: one-hot input (the reference char-LM); otherwise an embedding of this size. */
  readonly embedding: number;
  readonly bidirectional: boolean;
  readonly dropout: number;
  /** seq2seq: the decoder's attention. */
  readonly attention: AttentionName;
  /** seq2seq, Luong attention: feed h̃ of the previous step into the next (Luong et al.). */
  readonly inputFeeding: boolean;
  /** seq2seq: how the encoder's final states start the decoder. */
  readonly bridge: BridgeMode;
  /** seq2seq: the most target steps, end token included; undefined: the longest target + 1. */
  readonly maxLength: number | undefined;
  /** seq2seq: scheduled sampling, the chance of feeding the model's own previous prediction. */
  readonly samplingRate: number;
  readonly optimizer: (typeof OPTIMIZERS)[number];
  readonly lr: number;
  readonly momentum: number;
  /** undefined: the optimizer's own default (PyTorch's). */
  readonly weightDecay: number | undefined;
  readonly schedule: (typeof SCHEDULES)[number];
  readonly warmup: number;
  readonly gamma: number;
  readonly stepSize: number;
  readonly minLr: number;
  /** Global gradient-norm clipping; 0: off. */
  readonly clip: number;
  readonly seqLen: number;
  readonly batch: number;
  readonly steps: number;
  /** Passes over the training text; when set, `steps` is derived from it. */
  readonly epochs: number | undefined;
  readonly evalEvery: number;
  readonly logEvery: number;
  readonly checkpointEvery: number;
  readonly keep: number;
  readonly seed: number;
  readonly backend: BackendName;
  readonly threads: ThreadCount;
}

/** Options that say where and how to run, not what to train: never saved, never compared. */
export interface RunOptions {
  readonly out: string;
  readonly resume: boolean;
  readonly json: boolean;
  readonly config: string | undefined;
}

export type TrainKey = keyof TrainConfig;

export interface OptionSpec {
  readonly key: TrainKey;
  readonly flags: string;
  readonly description: string;
  readonly group: string;
  /** Absent for boolean flags. */
  readonly parse?: Parser<unknown>;
  readonly default: unknown;
  /** Whether a resumed run may change it; the others shape the model or the data order. */
  readonly resumable?: boolean;
  /** The one task it applies to (absent: both); giving it for the other task is an error. */
  readonly task?: TaskName;
}

const DATA = 'Data:';
const MODEL = 'Model:';
const OPTIMIZATION = 'Optimization:';
const RUN = 'Run:';
const SEQ2SEQ = 'Sequence to sequence (--task seq2seq):';

/** Defaults match the reference char-LM (`../shared/reference/torch_charlm.py`). */
export const TRAIN_OPTIONS: readonly OptionSpec[] = [
  { key: 'task', flags: '--task <kind>', description: 'lm (a language model on a text) or seq2seq (source<TAB>target pairs)', group: DATA, parse: choice(TASKS), default: 'lm' },
  { key: 'data', flags: '--data <file>', description: 'training text (UTF-8); seq2seq: source<TAB>target lines', group: DATA, parse: String, default: undefined, resumable: true },
  { key: 'valData', flags: '--val-data <file>', description: 'validation pairs (instead of --val-fraction)', group: DATA, parse: String, default: undefined, resumable: true, task: 'seq2seq' },
  { key: 'tokenizer', flags: '--tokenizer <kind>', description: `char or word`, group: DATA, parse: choice(TOKENIZERS), default: 'char', task: 'lm' },
  {
    key: 'valFraction',
    flags: '--val-fraction <f>',
    description: 'share of the text at its end (seq2seq: of the pairs, evenly spread) held out for validation',
    group: DATA,
    parse: numberInRange({ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }),
    default: 0.1,
  },
  { key: 'cell', flags: '--cell <name>', description: `recurrent cell: ${CELL_NAMES.join(', ')}`, group: MODEL, parse: choice(CELL_NAMES), default: 'lstm' },
  { key: 'peephole', flags: '--peephole', description: 'LSTM peephole connections (Gers & Schmidhuber 2000)', group: MODEL, default: false },
  { key: 'layers', flags: '--layers <n>', description: 'stacked recurrent layers', group: MODEL, parse: positiveInteger, default: 2 },
  { key: 'hidden', flags: '--hidden <n>', description: 'hidden units per layer', group: MODEL, parse: positiveInteger, default: 128 },
  { key: 'projSize', flags: '--proj-size <n>', description: 'LSTM output projection (0: none)', group: MODEL, parse: nonNegativeInteger, default: 0, task: 'lm' },
  { key: 'embedding', flags: '--embedding <n>', description: 'token embedding size (0: one-hot input)', group: MODEL, parse: nonNegativeInteger, default: 0 },
  { key: 'bidirectional', flags: '--bidirectional', description: 'seq2seq: a bidirectional encoder (refused for language models)', group: MODEL, default: false },
  { key: 'dropout', flags: '--dropout <p>', description: 'dropout between layers and before the output', group: MODEL, parse: rate, default: 0 },
  { key: 'attention', flags: '--attention <kind>', description: ATTENTIONS.join(', '), group: SEQ2SEQ, parse: choice(ATTENTIONS), default: 'luong-general', task: 'seq2seq' },
  { key: 'inputFeeding', flags: '--no-input-feeding', description: "Luong attention without input feeding (h̃ not fed to the next step)", group: SEQ2SEQ, default: true, task: 'seq2seq' },
  { key: 'bridge', flags: '--bridge <mode>', description: `encoder states → decoder: ${BRIDGE_MODES.join(', ')}`, group: SEQ2SEQ, parse: choice(BRIDGE_MODES), default: 'auto', task: 'seq2seq' },
  { key: 'maxLength', flags: '--max-length <n>', description: 'most target steps, end token included (default: the longest target + 1)', group: SEQ2SEQ, parse: positiveInteger, default: undefined, task: 'seq2seq' },
  { key: 'samplingRate', flags: '--sampling-rate <p>', description: "scheduled sampling: chance of feeding the model's own prediction", group: SEQ2SEQ, parse: numberInRange({ min: 0, max: 1 }), default: 0, task: 'seq2seq' },
  { key: 'optimizer', flags: '--optimizer <name>', description: OPTIMIZERS.join(', '), group: OPTIMIZATION, parse: choice(OPTIMIZERS), default: 'adam' },
  { key: 'lr', flags: '--lr <rate>', description: 'learning rate', group: OPTIMIZATION, parse: positiveNumber, default: 2e-3 },
  { key: 'momentum', flags: '--momentum <m>', description: 'momentum (sgd, rmsprop)', group: OPTIMIZATION, parse: rate, default: 0 },
  {
    key: 'weightDecay',
    flags: '--weight-decay <w>',
    description: "weight decay (adamw: decoupled; default the optimizer's own, 0.01 for adamw, else 0)",
    group: OPTIMIZATION,
    parse: numberInRange({ min: 0 }),
    default: undefined,
  },
  { key: 'schedule', flags: '--schedule <kind>', description: `learning-rate schedule: ${SCHEDULES.join(', ')}`, group: OPTIMIZATION, parse: choice(SCHEDULES), default: 'none' },
  { key: 'warmup', flags: '--warmup <steps>', description: 'linear warmup steps (cosine)', group: OPTIMIZATION, parse: nonNegativeInteger, default: 0 },
  { key: 'gamma', flags: '--gamma <g>', description: 'decay factor (step, exponential)', group: OPTIMIZATION, parse: numberInRange({ min: 0, max: 1 }), default: 0.5 },
  { key: 'stepSize', flags: '--step-size <steps>', description: 'steps between decays (step)', group: OPTIMIZATION, parse: positiveInteger, default: 500 },
  { key: 'minLr', flags: '--min-lr <rate>', description: 'final learning rate (cosine)', group: OPTIMIZATION, parse: numberInRange({ min: 0 }), default: 0 },
  { key: 'clip', flags: '--clip <norm>', description: 'clip the global gradient norm (0: off)', group: OPTIMIZATION, parse: numberInRange({ min: 0 }), default: 5 },
  { key: 'seqLen', flags: '--seq-len <n>', description: 'characters per training sequence', group: RUN, parse: positiveInteger, default: 50, task: 'lm' },
  { key: 'batch', flags: '--batch <n>', description: 'sequences (seq2seq: pairs) per batch', group: RUN, parse: positiveInteger, default: 50 },
  { key: 'steps', flags: '--steps <n>', description: 'optimizer steps in total', group: RUN, parse: positiveInteger, default: 2000, resumable: true },
  { key: 'epochs', flags: '--epochs <n>', description: 'train for n passes over the text (or pairs) instead of --steps', group: RUN, parse: positiveNumber, default: undefined, resumable: true },
  { key: 'evalEvery', flags: '--eval-every <n>', description: 'validate every n steps (and at the end)', group: RUN, parse: positiveInteger, default: 500, resumable: true },
  { key: 'logEvery', flags: '--log-every <n>', description: 'log line every n steps (no TTY, --json)', group: RUN, parse: positiveInteger, default: 100, resumable: true },
  { key: 'checkpointEvery', flags: '--checkpoint-every <n>', description: 'save a checkpoint every n steps (and at the end)', group: RUN, parse: positiveInteger, default: 500, resumable: true },
  { key: 'keep', flags: '--keep <n>', description: 'checkpoints kept in --out', group: RUN, parse: positiveInteger, default: 3, resumable: true },
  { key: 'seed', flags: '--seed <n>', description: 'seed of the weights, dropout and data order', group: RUN, parse: seed, default: 1 },
  { key: 'backend', flags: '--backend <name>', description: BACKEND_NAMES.join(', '), group: RUN, parse: choice(BACKEND_NAMES), default: 'cpu' },
  { key: 'threads', flags: '--threads <n>', description: "wasm worker threads, or 'auto'", group: RUN, parse: threadCount, default: 'auto', resumable: true },
];

const RUN_OPTIONS: readonly Option[] = [
  new Option('--out <dir>', 'checkpoint directory').default('checkpoints').helpGroup(RUN),
  new Option('--resume', "continue from --out's latest checkpoint, bit-exactly").helpGroup(RUN),
  new Option('--config <file>', 'JSON file of options (flags override it)').helpGroup(RUN),
  new Option('--json', 'machine-readable JSON lines on stdout').helpGroup(RUN),
];

/** The train config keys, for the config file's "unknown key" check. */
export const TRAIN_KEYS: readonly TrainKey[] = TRAIN_OPTIONS.map((o) => o.key);

export function addTrainOptions(command: Command): Command {
  for (const spec of TRAIN_OPTIONS) {
    const option = new Option(spec.flags, spec.description).helpGroup(spec.group);
    if (spec.parse !== undefined) option.argParser(spec.parse);
    if (spec.default !== undefined && spec.default !== false) option.default(spec.default);
    command.addOption(option);
  }
  for (const option of RUN_OPTIONS) command.addOption(option);
  return command;
}

export function trainOptionSpec(key: TrainKey): OptionSpec {
  return TRAIN_OPTIONS.find((o) => o.key === key)!;
}

/** The flag of a key, for messages: `--seq-len`. */
export function flagOf(key: TrainKey): string {
  return trainOptionSpec(key).flags.split(' ')[0]!;
}

/** The value an option has when neither a flag nor a file sets it (a boolean flag: false). */
export function defaultOf(spec: OptionSpec): unknown {
  return spec.default ?? (spec.parse === undefined ? false : undefined);
}

/**
 * A JSON value (config file, saved checkpoint) for an option, checked by the flag's own parser:
 * booleans for boolean flags, a string or number for the rest. Throws `InvalidArgumentError`.
 */
export function parseJsonValue(spec: OptionSpec, value: unknown): unknown {
  if (spec.parse === undefined) {
    if (typeof value !== 'boolean') throw new InvalidArgumentError('Expected true or false.');
    return value;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidArgumentError('Expected a string or a number.');
  return spec.parse(String(value));
}
