/**
 * The `rnn-golden/1` format (../shared/golden/README.md): one case per JSON file, PyTorch's
 * module config, parameters by state-dict name, inputs, outputs, upstream gradients and the
 * gradients PyTorch computed. Parsing checks the structure so a broken file names itself.
 */

export interface GoldenTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export interface GoldenCase {
  readonly format: 'rnn-golden/1';
  readonly name: string;
  readonly module: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seqLen: number | null;
  readonly batch: number;
  readonly lengths: readonly number[] | null;
  readonly params: Readonly<Record<string, GoldenTensor>>;
  readonly inputs: Readonly<Record<string, GoldenTensor>>;
  readonly outputs: Readonly<Record<string, GoldenTensor>>;
  readonly gradOutputs: Readonly<Record<string, GoldenTensor>>;
  readonly grads: Readonly<Record<string, GoldenTensor>>;
}

export class GoldenFormatError extends Error {
  override name = 'GoldenFormatError';
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function tensor(file: string, where: string, v: unknown): GoldenTensor {
  if (!isObject(v) || !Array.isArray(v.shape) || !Array.isArray(v.data)) {
    throw new GoldenFormatError(file, `${where} must be {"shape": [...], "data": [...]}`);
  }
  const shape = v.shape as unknown[];
  const data = v.data as unknown[];
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) throw new GoldenFormatError(file, `${where}.shape is not a list of sizes`);
  const size = (shape as number[]).reduce((n, d) => n * d, 1);
  if (data.length !== size || !data.every((x) => typeof x === 'number')) {
    throw new GoldenFormatError(file, `${where}.data must hold ${size} numbers for shape [${shape.join(', ')}]`);
  }
  return { shape: shape as number[], data: data };
}

function tensors(file: string, where: string, v: unknown): Record<string, GoldenTensor> {
  if (v === undefined) return {};
  if (!isObject(v)) throw new GoldenFormatError(file, `${where} must be an object of tensors`);
  return Object.fromEntries(Object.entries(v).map(([k, t]) => [k, tensor(file, `${where}.${k}`, t)]));
}

export function parseGolden(file: string, text: string): GoldenCase {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GoldenFormatError(file, `not JSON (${(e as Error).message})`);
  }
  if (!isObject(raw)) throw new GoldenFormatError(file, 'not a JSON object');
  if (raw.format !== 'rnn-golden/1') throw new GoldenFormatError(file, `format is ${JSON.stringify(raw.format)}, expected "rnn-golden/1"`);
  if (typeof raw.module !== 'string') throw new GoldenFormatError(file, 'module must be a string');
  if (!isObject(raw.config)) throw new GoldenFormatError(file, 'config must be an object');
  const lengths = raw.lengths ?? null;
  if (lengths !== null && !(Array.isArray(lengths) && lengths.every((n) => Number.isInteger(n)))) {
    throw new GoldenFormatError(file, 'lengths must be null or a list of integers');
  }
  return {
    format: 'rnn-golden/1',
    name: typeof raw.name === 'string' ? raw.name : file,
    module: raw.module,
    config: raw.config,
    seqLen: typeof raw.seq_len === 'number' ? raw.seq_len : null,
    batch: typeof raw.batch === 'number' ? raw.batch : 0,
    lengths: lengths as number[] | null,
    params: tensors(file, 'params', raw.params),
    inputs: tensors(file, 'inputs', raw.inputs),
    outputs: tensors(file, 'outputs', raw.outputs),
    gradOutputs: tensors(file, 'grad_outputs', raw.grad_outputs),
    grads: tensors(file, 'grads', raw.grads),
  };
}
