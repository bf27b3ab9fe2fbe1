/** Sequences of different lengths as one padded batch plus their lengths. */
import { ArgumentError, fromArray, type Tensor } from '@rnn/tensor';
import { positiveInteger } from '../validate.js';

/** A sequence of token ids (or of single values): one number per step. */
export type TokenSequence = ArrayLike<number>;
/** A sequence of feature vectors: one vector of F values per step. */
export type FeatureSequence = readonly ArrayLike<number>[];

export interface PadSequencesOptions {
  /** The value of steps past a sequence's end (default 0). */
  readonly padValue?: number;
  /** Pad or cut every sequence to exactly this many steps (keeping the first ones); default the longest. */
  readonly maxLength?: number;
  /** `'time-major'` (default) gives `[T, B]` / `[T, B, F]`, `'batch-major'` `[B, T]` / `[B, T, F]`. */
  readonly layout?: 'time-major' | 'batch-major';
  /** Default int32 for token sequences, float32 for feature sequences. */
  readonly dtype?: 'int32' | 'float32' | 'float64';
}

/** A padded batch (a type, not an interface, so `dispose(batch)` takes it). */
export type PaddedBatch = {
  readonly x: Tensor;
  /** Each sequence's length after any cut: pass as `{ lengths }` to a recurrent layer. */
  readonly lengths: number[];
};

const OP = 'padSequences';

/** F for feature sequences (from the first step of the first non-empty one), null for token sequences. */
function featureSize(sequences: readonly (TokenSequence | FeatureSequence)[]): number | null {
  const first = sequences.find((s) => s.length > 0);
  const step: unknown = first?.[0];
  if (step === undefined || typeof step === 'number') return null;
  return (step as ArrayLike<number>).length;
}

/**
 * Pads at the end, as PyTorch's `pad_sequence` (so each sequence's valid steps come first, which
 * is what `lengths` assumes), in the layout of the recurrent layers.
 *
 * @example
 * const { x, lengths } = padSequences([[5, 6, 7], [8]]);
 * // x int32 [3, 2]: [[5, 8], [6, 0], [7, 0]]; lengths [3, 1]
 */
export function padSequences(sequences: readonly TokenSequence[] | readonly FeatureSequence[], options: PadSequencesOptions = {}): PaddedBatch {
  const all = sequences as readonly (TokenSequence | FeatureSequence)[];
  if (all.length === 0) throw new ArgumentError(OP, 'sequences', 'is empty; a batch needs at least one sequence');
  const features = featureSize(all);
  const { padValue = 0, maxLength, layout = 'time-major', dtype = features === null ? 'int32' : 'float32' } = options;
  if (maxLength !== undefined) positiveInteger(OP, 'maxLength', maxLength);
  const layoutName: string = layout; // checked at run time too, for JavaScript callers
  if (layoutName !== 'time-major' && layoutName !== 'batch-major') throw new ArgumentError(OP, 'layout', `must be 'time-major' or 'batch-major', got ${JSON.stringify(layoutName)}`);
  const isInt = dtype === 'int32';
  const checkValue = (v: number, where: string): void => {
    if (Number.isNaN(v) || (isInt && !(Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff))) {
      throw new ArgumentError(OP, 'sequences', `${where} holds ${v}, not ${isInt ? 'an int32 value' : 'a number'}${isInt ? "; pass { dtype: 'float32' } for real values" : ''}`);
    }
  };
  checkValue(padValue, 'padValue');
  if (features === 0) throw new ArgumentError(OP, 'sequences', 'have feature vectors of length 0; each step needs at least one feature');

  const f = features ?? 1;
  const b = all.length;
  const lengths = all.map((s) => Math.min(s.length, maxLength ?? Infinity));
  const steps = maxLength ?? lengths.reduce((m, n) => Math.max(m, n), 0);
  const values = new Float64Array(steps * b * f).fill(padValue);
  const at = layout === 'time-major' ? (t: number, i: number) => (t * b + i) * f : (t: number, i: number) => (i * steps + t) * f;
  all.forEach((sequence, i) => {
    for (let t = 0; t < lengths[i]!; t++) {
      const step: unknown = sequence[t];
      if (features === null) {
        if (typeof step !== 'number') throw new ArgumentError(OP, 'sequences', `sequence ${i} step ${t} is not a number, but the first sequence holds token ids; pass all token sequences or all feature sequences`);
        checkValue(step, `sequence ${i} step ${t}`);
        values[at(t, i)] = step;
        continue;
      }
      const vector = step as ArrayLike<number> | number | undefined;
      if (typeof vector !== 'object' || vector.length !== features) {
        const got = typeof vector === 'object' ? `${vector.length} features` : 'a number';
        throw new ArgumentError(OP, 'sequences', `sequence ${i} step ${t} has ${got}, but the first step has ${features} features`);
      }
      const base = at(t, i);
      for (let k = 0; k < features; k++) {
        checkValue(vector[k]!, `sequence ${i} step ${t} feature ${k}`);
        values[base + k] = vector[k]!;
      }
    }
  });
  const batchShape = layout === 'time-major' ? [steps, b] : [b, steps];
  return { x: fromArray(values, { dtype, shape: features === null ? batchShape : [...batchShape, f] }), lengths };
}
