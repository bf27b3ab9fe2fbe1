/**
 * `softmaxCrossEntropyWithIndices`: the per-position loss `−log softmax(logits)[target]`. Where
 * the backend has the fused kernel it is one call forward (loss and, under a tape, its gradient
 * `softmax − onehot`) and one broadcast multiply backward; elsewhere the composed path runs with
 * the same semantics, recorded op by op.
 */
import type { DType } from '../backend/types.js';
import { applyPrimitive } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { state as engine } from '../engine/state.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { mul } from '../ops/arithmetic.js';
import { notEqual, where } from '../ops/compare.js';
import { isFloat } from '../ops/dtype.js';
import { oneHot } from '../ops/gather.js';
import { logSoftmax } from '../ops/nn.js';
import { sum } from '../ops/reduce.js';
import { expandDims, reshape } from '../ops/reshape.js';
import { neg } from '../ops/unary.js';
import { primitive } from '../primitives/primitive.js';
import type { Tensor } from '../tensor.js';

export interface SoftmaxCrossEntropyOptions {
  /** Targets equal to this value select no class: their loss is 0 and they get no gradient. */
  readonly ignoreIndex?: number | undefined;
}

interface Attrs {
  readonly ignoreIndex: number | null;
  /** Whether the kernel also returns the gradient: only while a tape may record the call. */
  readonly withGradient: boolean;
}

/** Inputs [logits [N, C], targets [N]]; outputs [loss [N], gradient [N, C] (under a tape)]. */
const softmaxCrossEntropyPrimitive = primitive<Attrs>({
  name: 'softmaxCrossEntropy',
  forward: (backend, [logits, targets], { ignoreIndex, withGradient }) => {
    const { loss, gradient } = backend.softmaxCrossEntropy!(logits!, targets!, ignoreIndex, withGradient);
    const dtype: DType = logits!.dtype;
    const outputs = [{ handle: loss, shape: targets!.shape, dtype }];
    if (gradient !== null) outputs.push({ handle: gradient, shape: logits!.shape, dtype });
    return outputs;
  },
  saves: () => ({ outputs: [1] }),
  // Row n of the saved gradient is ∂loss[n]/∂logits[n, :], so the VJP scales each row by dloss[n]:
  // one multiply, where a backward kernel would save nothing but a pass over memory.
  vjp: ({ dys, outputs }) => [mul(outputs[1]!, expandDims(dys[0]!, -1)), null],
});

function validate(op: string, logits: Tensor, targets: Tensor, ignoreIndex: number | undefined): void {
  if (!isFloat(logits.dtype)) throw new DTypeError(op, [logits.dtype], 'logits must be float32 or float64');
  if (logits.rank === 0) throw new ArgumentError(op, 'logits', 'must have a class axis (rank ≥ 1), got a scalar');
  if (logits.shape[logits.rank - 1] === 0) throw new ArgumentError(op, 'logits', `has no classes (shape [${logits.shape.join(', ')}])`);
  if (targets.dtype !== 'int32') throw new DTypeError(op, [targets.dtype], 'targets must be int32 class indices');
  const positions = logits.shape.slice(0, -1);
  if (targets.rank !== positions.length || targets.shape.some((d, i) => d !== positions[i])) {
    throw new ShapeError(op, [logits.shape, targets.shape], `targets must have shape [${positions.join(', ')}]`);
  }
  if (ignoreIndex !== undefined && !Number.isInteger(ignoreIndex)) throw new ArgumentError(op, 'ignoreIndex', `must be an integer, got ${ignoreIndex}`);
}

/** The fused kernel's result, or null when the backend has none for this dtype. */
function fused(logits: Tensor, targets: Tensor, classes: number, ignoreIndex: number | null): Tensor | null {
  const { backend } = logits;
  if (backend.softmaxCrossEntropy === undefined || backend.supportsSoftmaxCrossEntropy?.(logits.dtype) === false) return null;
  const rows = targets.size;
  const [loss] = applyPrimitive(softmaxCrossEntropyPrimitive, [reshape(logits, [rows, classes]), reshape(targets, [rows])], {
    ignoreIndex,
    withGradient: engine.tapes.length > 0,
  });
  return reshape(loss!, targets.shape);
}

/** The reference: an ignored or out-of-range target has an all-zero one-hot row, so it reads nothing. */
function composed(logits: Tensor, targets: Tensor, classes: number, ignoreIndex: number | null): Tensor {
  const loss = neg(sum(mul(oneHot(targets, classes, { dtype: logits.dtype }), logSoftmax(logits, -1)), -1));
  return ignoreIndex === null ? loss : where(notEqual(targets, ignoreIndex), loss, 0);
}

/**
 * `log Σ_c exp(logits[..., c]) − logits[..., t]` for each position of `targets` (int32, the shape
 * of `logits` without its last, class axis), computed stably (the row maximum subtracted). A
 * target equal to `ignoreIndex`, or outside [0, C), selects no class: loss 0, no gradient (check
 * the indices first where that should be an error). The gradient with respect to the logits is
 * `(softmax(logits) − onehot(t))·dloss`.
 *
 * @example
 * const loss = softmaxCrossEntropyWithIndices(fromArray([[2, 0, -1], [0, 0, 0]]), fromArray([0, 2], { dtype: 'int32' }));
 * // [0.17, 1.10] (ln 3)
 */
export function softmaxCrossEntropyWithIndices(logits: Tensor, targets: Tensor, options: SoftmaxCrossEntropyOptions = {}): Tensor {
  validate('softmaxCrossEntropyWithIndices', logits, targets, options.ignoreIndex);
  const classes = logits.shape[logits.rank - 1]!;
  const ignoreIndex = options.ignoreIndex ?? null;
  return tidy(() => fused(logits, targets, classes, ignoreIndex) ?? composed(logits, targets, classes, ignoreIndex));
}
