/**
 * `rnnSequence`: runs a cell over a time-major sequence, with per-entry lengths (PyTorch's
 * packed-sequence semantics), an initial state and either direction. This is the composed
 * reference: plain tensor ops, so it runs on every backend and under the gradient tape.
 */
import { tidy } from '../engine/memory.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { fromArray, zeros } from '../ops/creation.js';
import { gather } from '../ops/gather.js';
import { reverse, slice, stack, unstack } from '../ops/movement.js';
import { reshape } from '../ops/reshape.js';
import { cast } from '../ops/cast.js';
import { less, where } from '../ops/compare.js';
import type { Tensor } from '../tensor.js';
import type { RecurrentCell } from './cell.js';
import { runFused } from './fused.js';

export interface SequenceOptions {
  /** One tensor per state, each [batch, stateSizes[k]]; zeros when omitted. */
  readonly initialState?: readonly Tensor[];
  /**
   * Valid steps of each batch entry (0 ≤ length ≤ T). Past its length an entry's output is 0
   * and its state stops changing, so the final state is the one at its last valid step.
   */
  readonly lengths?: readonly number[];
  /**
   * Keras-style mask, [T, batch] (bool, or numbers read as ≠ 0): at a masked step an entry's
   * state carries over unchanged and its output is 0. Any pattern is allowed, not only padding
   * at the end; with `reverse` the whole time axis is reversed, mask included (Keras
   * `go_backwards`). Exclusive with `lengths`. Runs the composed path.
   */
  readonly mask?: Tensor;
  /** Run from each entry's last valid step back to its first (the backward direction). */
  readonly reverse?: boolean;
}

export interface SequenceResult {
  /** [T, batch, stateSizes[0]]: each step's output, in input order for both directions. */
  readonly output: Tensor;
  /** The final state, one tensor per state ([batch, size] each). */
  readonly state: Tensor[];
}

function validate(cell: RecurrentCell, x: Tensor, options: SequenceOptions): void {
  if (x.rank !== 3) throw new ShapeError('rnnSequence', [x.shape], 'x must be [time, batch, features]');
  const [steps, batch] = x.shape as [number, number, number];
  const { initialState, lengths } = options;
  if (initialState !== undefined) {
    if (initialState.length !== cell.stateSizes.length) {
      throw new ArgumentError('rnnSequence', 'initialState', `has ${initialState.length} tensors; the cell has ${cell.stateSizes.length} states`);
    }
    initialState.forEach((s, k) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== cell.stateSizes[k]) {
        throw new ShapeError('rnnSequence', [s.shape, [batch, cell.stateSizes[k]!]], `initialState[${k}] must be [batch, ${cell.stateSizes[k]}]`);
      }
    });
  }
  if (options.mask !== undefined) {
    if (lengths !== undefined) throw new ArgumentError('rnnSequence', 'mask', 'and lengths cannot both be given; use one');
    if (options.mask.rank !== 2 || options.mask.shape[0] !== steps || options.mask.shape[1] !== batch) {
      throw new ShapeError('rnnSequence', [options.mask.shape, [steps, batch]], 'mask must be [time, batch]');
    }
  }
  if (lengths !== undefined) {
    if (lengths.length !== batch) throw new ArgumentError('rnnSequence', 'lengths', `has ${lengths.length} entries for a batch of ${batch}`);
    lengths.forEach((n, b) => {
      if (!Number.isInteger(n) || n < 0 || n > steps) {
        throw new ArgumentError('rnnSequence', 'lengths', `[${b}] = ${n} is not an integer in [0, ${steps}]`);
      }
    });
  }
}

/** Reverses each entry's first `lengths[b]` steps in place of the time axis, leaving padding where it is. */
function reverseWithin(x: Tensor, lengths: readonly number[] | undefined): Tensor {
  if (lengths === undefined) return reverse(x, 0);
  const [steps, batch] = x.shape as [number, number];
  const rest = x.shape.slice(2);
  const index: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const n = lengths[b]!;
      index.push((t < n ? n - 1 - t : t) * batch + b);
    }
  }
  const flat = reshape(x, [steps * batch, ...rest]);
  const picked = gather(flat, fromArray(new Int32Array(index), { backend: x.backend }), 0);
  return reshape(picked, x.shape);
}

/**
 * Runs `cell` over `x` ([T, batch, inputSize]).
 *
 * @example
 * const { output, state: [hN] } = rnnSequence(cell, x, { lengths: [5, 3], reverse: true });
 */
export function rnnSequence(cell: RecurrentCell, x: Tensor, options: SequenceOptions = {}): SequenceResult {
  validate(cell, x, options);
  const [steps, batch] = x.shape as [number, number, number];
  const { lengths } = options;
  return tidy(() => {
    let state = options.initialState?.slice() ?? cell.stateSizes.map((size) => zeros([batch, size], { dtype: x.dtype, backend: x.backend }));
    const { mask } = options;
    const reversed = options.reverse === true;
    const fused = mask === undefined ? runFused(cell.fused, x, state, lengths ?? null, reversed) : null;
    if (fused !== null) return fused;
    // A mask reverses with the whole time axis; lengths reverse each entry within its length.
    const flip = (t: Tensor): Tensor => (mask === undefined ? reverseWithin(t, lengths) : reverse(t, 0));
    const input = reversed ? flip(x) : x;
    // valid[t] is [batch, 1]: whether step t updates each entry (inside its length, or unmasked).
    let valid: Tensor | null = null;
    if (mask !== undefined) {
      const bool = cast(mask, 'bool');
      valid = reshape(reversed ? reverse(bool, 0) : bool, [steps, batch, 1]);
    } else if (lengths !== undefined) {
      valid = less(
        reshape(fromArray(new Int32Array(steps).map((_, t) => t), { backend: x.backend }), [steps, 1, 1]),
        reshape(fromArray(new Int32Array(lengths), { backend: x.backend }), [1, batch, 1]),
      );
    }
    const outputs: Tensor[] = [];
    unstack(input, 0).forEach((xt, t) => {
      const next = cell.step(xt, state);
      if (valid === null) {
        state = next;
        outputs.push(next[0]!);
        return;
      }
      const mask = reshape(slice(valid, [t, 0, 0], [1, batch, 1]), [batch, 1]);
      state = next.map((s, k) => where(mask, s, state[k]!));
      outputs.push(where(mask, next[0]!, 0));
    });
    const stacked = steps === 0 ? zeros([0, batch, cell.stateSizes[0]!], { dtype: x.dtype, backend: x.backend }) : stack(outputs, 0);
    const output = reversed ? flip(stacked) : stacked;
    return { output, state };
  });
}
