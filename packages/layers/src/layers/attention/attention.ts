/**
 * `Attention`: the base of the seq2seq attention layers. A decoder attends to the same encoder
 * outputs at every step, so the work splits in two: `prepare` runs once per source batch (checks
 * the values, builds the padding mask, projects the keys) and `attend` runs per decoder step (or
 * once for a whole teacher-forced target) with only the query-dependent work.
 *
 * Layouts are time-major like the rest of the package: values `[S, B, keySize]`, queries
 * `[T, B, querySize]`, context `[T, B, keySize]`, weights `[T, B, S]`. Internally everything is
 * batch-major (`[B, T, …]`), so each batch entry's scores are one slice of a batched matmul.
 */
import {
  ArgumentError,
  div,
  DTypeError,
  exp,
  fromArray,
  matmul,
  max,
  permute,
  ShapeError,
  stopGradient,
  sub,
  sum,
  tidy,
  where,
  type Tensor,
} from '@rnn/tensor';
import { Module } from '../../module/module.js';
import type { FloatDType } from '../options.js';

/**
 * What one source batch gives every decoding step, computed once per sequence (keys projected
 * once). A `type`, not an interface, so `dispose(memory)` accepts it.
 *
 * `values` is the very tensor passed to `prepare` (not a copy): `dispose(memory)` frees it too.
 * To free only what `prepare` made, dispose `[memory.keys, memory.mask]`.
 */
export type AttentionMemory = {
  /** `[S, B, keySize]`: the encoder outputs, as given. */
  readonly values: Tensor;
  /** The score's precomputed keys, batch-major (`[B, S, …]`); the layout is the layer's own. */
  readonly keys: Tensor;
  /** bool `[B, 1, S]`, true at real source steps; null when no lengths were given. */
  readonly mask: Tensor | null;
};

/** What `attend` returns. A `type` too, so `tidy(() => attention.attend(…))` and `dispose(result)` accept it. */
export type AttentionResult = {
  /** `[T, B, keySize]`: the weighted sums of the values. */
  readonly context: Tensor;
  /** `[T, B, S]`: each row sums to 1, and is exactly 0 at padded source steps. */
  readonly weights: Tensor;
};

/** The most negative finite number of each dtype: `exp` of it is exactly 0. */
const LOWEST: Readonly<Record<FloatDType, number>> = { float32: -3.4028234663852886e38, float64: -Number.MAX_VALUE };

/**
 * Softmax over the last axis of `scores` [B, T, S], restricted to the steps where `mask`
 * [B, 1, S] holds. Padded steps are replaced by the dtype's lowest finite number rather than
 * −Infinity: `exp` still makes them exactly 0 (so the weight is exactly 0 and `where` sends
 * them no gradient), but no tensor ever holds a non-finite value, so debug mode
 * (`setDebugMode`, which rejects ±Infinity after every kernel) works with attention too.
 * The shift is the maximum over the real steps only, so the denominator is always ≥ 1 even
 * when a padded step scores far above the real ones.
 */
export function maskedSoftmax(scores: Tensor, mask: Tensor | null): Tensor {
  return tidy(() => {
    const lowest = LOWEST[scores.dtype === 'float64' ? 'float64' : 'float32'];
    const real = mask === null ? scores : where(mask, scores, lowest);
    // A constant for autograd: softmax's exact gradient does not depend on the shift.
    const shift = stopGradient(max(real, -1, { keepDims: true }));
    const shifted = sub(scores, shift);
    const e = exp(mask === null ? shifted : where(mask, shifted, lowest));
    return div(e, sum(e, -1, { keepDims: true }));
  });
}

/**
 * The shared half of the attention layers: input checks, the padding mask, masked softmax and
 * the weighted sum. A subclass supplies the keys (`prepare`) and the scores (`scores`).
 */
export abstract class Attention extends Module {
  abstract readonly querySize: number;
  abstract readonly keySize: number;
  /** The parameters' dtype, and the dtype the values and queries must have. */
  abstract readonly dtype: FloatDType;

  /**
   * Checks values is `[S, B, keySize]`, lengths (if given) has B integers in [1, S] — a 0 length
   * is an ArgumentError naming the batch index ("empty source") — and precomputes keys.
   */
  abstract prepare(values: Tensor, lengths?: readonly number[]): AttentionMemory;

  /** Scores `[B, T, S]` for batch-major queries `[B, T, querySize]` against `memory.keys`. */
  protected abstract scores(memory: AttentionMemory, queries: Tensor): Tensor;

  /** The layer's name in error messages. */
  protected abstract readonly layerName: string;

  /**
   * queries `[T, B, querySize]` (T may be 1 for a decoder step): scores → masked softmax over
   * S → context = weights · values. Intermediates are freed; only the result's two tensors live on.
   */
  attend(memory: AttentionMemory, queries: Tensor): AttentionResult {
    const op = `${this.layerName}.attend`;
    this.#checkMemory(op, memory);
    const batch = memory.values.shape[1]!;
    if (queries.rank !== 3 || queries.shape[1] !== batch || queries.shape[2] !== this.querySize) {
      throw new ShapeError(op, [queries.shape], `queries must be [T, B, querySize] = [T, ${batch}, ${this.querySize}]`);
    }
    this.#checkDType(op, 'queries', queries);
    return tidy(() => {
      const scores = this.scores(memory, permute(queries, [1, 0, 2])); // [B, T, S]
      const weights = maskedSoftmax(scores, memory.mask); // [B, T, S]
      const context = matmul(weights, permute(memory.values, [1, 0, 2])); // [B, T, S] · [B, S, K] = [B, T, K]
      return { context: permute(context, [1, 0, 2]), weights: permute(weights, [1, 0, 2]) };
    });
  }

  /**
   * `prepare` and `attend` in one go, for a whole target sequence at once (teacher forcing) or a
   * one-off; the memory's own tensors are freed before returning. A step-by-step decoder should
   * `prepare` once and `attend` per step instead, so the keys are projected once.
   */
  call(queries: Tensor, values: Tensor, lengths?: readonly number[]): AttentionResult {
    const memory = this.prepare(values, lengths);
    try {
      return this.attend(memory, queries);
    } finally {
      // Never the values: they are the caller's.
      if (memory.keys !== values) memory.keys.dispose();
      memory.mask?.dispose();
    }
  }

  /**
   * Attention needs the encoder's values besides its input, which `forward(x)` cannot take:
   * use `prepare(values, lengths)` and `attend(memory, queries)`, or `call(queries, values)`.
   * Always throws an ArgumentError (it exists because every Module has a `forward`).
   */
  forward(queries: Tensor): never {
    throw new ArgumentError(
      `${this.layerName}.forward`,
      'queries',
      `[${queries.shape.join(', ')}] alone is not enough: attention also needs the values; use prepare(values, lengths) then attend(memory, queries), or call(queries, values, lengths)`,
    );
  }

  /**
   * The checks every `prepare` starts with, and the mask: bool `[B, 1, S]` (or null without
   * lengths), shaped to broadcast over the T rows of the scores.
   */
  protected checkValues(values: Tensor, lengths: readonly number[] | undefined): Tensor | null {
    const op = `${this.layerName}.prepare`;
    if (values.rank !== 3 || values.shape[2] !== this.keySize) {
      throw new ShapeError(op, [values.shape], `values must be [S, B, keySize] = [S, B, ${this.keySize}]`);
    }
    this.#checkDType(op, 'values', values);
    const [steps, batch] = [values.shape[0]!, values.shape[1]!];
    // Softmax over no steps is 0/0: there is nothing to attend to.
    if (steps === 0) throw new ShapeError(op, [values.shape], 'values must have at least one source step (S ≥ 1)');
    if (lengths === undefined) return null;
    if (lengths.length !== batch) throw new ArgumentError(op, 'lengths', `has ${lengths.length} entries for a batch of ${batch}`);
    lengths.forEach((n, b) => {
      if (n === 0) throw new ArgumentError(op, `lengths[${b}]`, 'is 0: an empty source has nothing to attend to (its weights would be 0/0)');
      if (!Number.isSafeInteger(n) || n < 1 || n > steps) {
        throw new ArgumentError(op, `lengths[${b}]`, `= ${n} is not an integer in [1, ${steps}] (S = ${steps})`);
      }
    });
    const mask = new Uint8Array(batch * steps);
    lengths.forEach((n, b) => mask.fill(1, b * steps, b * steps + n));
    return fromArray(mask, { shape: [batch, 1, steps], dtype: 'bool', backend: values.backend });
  }

  /** A memory from another layer, or one whose tensors were swapped, fails here with names. */
  #checkMemory(op: string, { values, keys, mask }: AttentionMemory): void {
    if (values.rank !== 3 || values.shape[2] !== this.keySize) {
      throw new ShapeError(op, [values.shape], `memory.values must be [S, B, keySize] = [S, B, ${this.keySize}]; make the memory with this layer's prepare`);
    }
    const [steps, batch] = [values.shape[0]!, values.shape[1]!];
    if (keys.rank < 2 || keys.shape[0] !== batch || keys.shape[1] !== steps) {
      throw new ShapeError(op, [keys.shape, values.shape], `memory.keys must start [B, S] = [${batch}, ${steps}]; make the memory with this layer's prepare`);
    }
    if (mask !== null && (mask.rank !== 3 || mask.shape[0] !== batch || mask.shape[1] !== 1 || mask.shape[2] !== steps || mask.dtype !== 'bool')) {
      throw new ShapeError(op, [mask.shape], `memory.mask must be bool [B, 1, S] = [${batch}, 1, ${steps}]`);
    }
  }

  #checkDType(op: string, what: string, x: Tensor): void {
    if (x.dtype !== this.dtype) throw new DTypeError(op, [x.dtype], `${what} must have the layer's dtype ${this.dtype}`);
  }
}
