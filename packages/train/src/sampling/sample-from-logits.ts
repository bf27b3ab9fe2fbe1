/** Drawing the next token from a model's logits, for text generation. */
import { ArgumentError, DTypeError, ShapeError, type Generator, type Tensor } from '@rnn/tensor';
import { randomUnits } from '../data/random.js';
import { positiveInteger } from '../data/validate.js';

export interface SampleOptions {
  /**
   * Divides the logits before the softmax (default 1): below 1 sharpens the distribution, above
   * 1 flattens it, and 0 is greedy decoding (the argmax, lowest id on ties).
   */
  readonly temperature?: number;
  /** Sample among the `topK` largest logits only (ties at the cut keep the lower ids). */
  readonly topK?: number;
  /** Where the draws come from (one per row); required unless `temperature` is 0. */
  readonly generator?: Generator;
}

const OP = 'sampleFromLogits';

/** The ids of the `k` largest of `row` (ties: lower id first), in ascending id order. */
function topIds(row: Float64Array, k: number): number[] {
  const ids = Array.from(row, (_, i) => i);
  if (k >= row.length) return ids;
  ids.sort((a, b) => row[b]! - row[a]! || a - b);
  return ids.slice(0, k).sort((a, b) => a - b);
}

/** The id whose cumulative probability first exceeds `u`, over `ids` in order. */
function draw(row: Float64Array, ids: readonly number[], temperature: number, u: number, rowIndex: number): number {
  let max = -Infinity;
  for (const id of ids) max = Math.max(max, row[id]!);
  if (max === -Infinity) throw new ArgumentError(OP, 'logits', `row ${rowIndex} has no finite logit among the candidates; nothing can be drawn`);
  // Subtracting the maximum keeps every exponent ≤ 0, so nothing overflows.
  const weights = ids.map((id) => Math.exp((row[id]! - max) / temperature));
  const target = u * weights.reduce((s, w) => s + w, 0);
  let cumulative = 0;
  let last = ids[0]!;
  for (let j = 0; j < ids.length; j++) {
    const w = weights[j]!;
    if (w === 0) continue;
    cumulative += w;
    last = ids[j]!;
    if (cumulative > target) return last;
  }
  return last; // u·total rounded up to the total: the last id with any weight
}

/**
 * One token id per row of `logits` (`[B, V]`, or `[V]` for one), drawn from
 * `softmax(logits / temperature)` restricted to the `topK` largest. Computed on the host in
 * float64 after one synchronous read (cpu, wasm; {@link sampleFromLogitsAsync} reads asynchronously); each call takes B draws from `generator`, so the same
 * generator state gives the same ids. `−Infinity` logits are never drawn (a mask); NaN and
 * `+Infinity` are errors.
 *
 * @example
 * const next = sampleFromLogits(logits, { temperature: 0.8, topK: 40, generator });
 * const greedy = sampleFromLogits(logits, { temperature: 0 });
 */
export function sampleFromLogits(logits: Tensor, options: SampleOptions = {}): Int32Array {
  const vocabulary = checkSampling(logits, options);
  return drawRows(logits.dataSync(), vocabulary, options);
}

/**
 * {@link sampleFromLogits} with an asynchronous read, for every backend (WebGPU reads
 * asynchronously only); the same ids for the same logits and generator state.
 *
 * @example
 * const [next] = await sampleFromLogitsAsync(logits, { temperature: 0.8, generator });
 */
export async function sampleFromLogitsAsync(logits: Tensor, options: SampleOptions = {}): Promise<Int32Array> {
  const vocabulary = checkSampling(logits, options);
  return drawRows(await logits.data(), vocabulary, options);
}

/** Validates the logits and options before anything is read; returns the vocabulary size. */
function checkSampling(logits: Tensor, { temperature = 1, topK, generator }: SampleOptions): number {
  if (logits.dtype !== 'float32' && logits.dtype !== 'float64') throw new DTypeError(OP, [logits.dtype], 'logits must be float32 or float64');
  if (logits.rank !== 1 && logits.rank !== 2) throw new ShapeError(OP, [logits.shape], 'logits must be [vocabularySize] or [batch, vocabularySize]');
  const vocabulary = logits.shape[logits.rank - 1]!;
  if (vocabulary === 0) throw new ShapeError(OP, [logits.shape], 'logits must have at least one class');
  if (!(temperature >= 0 && temperature < Infinity)) throw new ArgumentError(OP, 'temperature', `must be a finite number ≥ 0 (0: greedy), got ${temperature}`);
  if (topK !== undefined) positiveInteger(OP, 'topK', topK);
  if (temperature !== 0 && generator === undefined) throw new ArgumentError(OP, 'generator', 'is required to sample; pass { generator: new Generator(seed) }, or { temperature: 0 } for greedy decoding');
  return vocabulary;
}

/** One id per row of the read logits. */
function drawRows(values: ArrayLike<number>, vocabulary: number, { temperature = 1, topK, generator }: SampleOptions): Int32Array {
  const greedy = temperature === 0;
  const data = Float64Array.from(values);
  const rows = data.length / vocabulary;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v) || v === Infinity) throw new ArgumentError(OP, 'logits', `row ${Math.floor(i / vocabulary)} holds ${v} at id ${i % vocabulary}; logits must be finite or −Infinity`);
  }
  const units = greedy ? null : randomUnits(generator!, rows);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * vocabulary, (r + 1) * vocabulary);
    if (units === null) {
      let best = 0;
      for (let id = 1; id < vocabulary; id++) if (row[id]! > row[best]!) best = id;
      out[r] = best;
    } else {
      out[r] = draw(row, topIds(row, topK ?? vocabulary), temperature, units[r]!, r);
    }
  }
  return out;
}
