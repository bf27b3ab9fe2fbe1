/** Argument checks shared by the losses and metrics, each throwing the typed error a caller can act on. */
import { ArgumentError, broadcastTo, cast, DTypeError, mul, notEqual, ShapeError, tidy, type Shape, type Tensor } from '@rnn/tensor';

const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';

export function assertFloat(op: string, name: string, t: Tensor): void {
  if (!isFloat(t)) throw new DTypeError(op, [t.dtype], `${name} must be float32 or float64`);
}

export function assertShape(op: string, name: string, t: Tensor, expected: Shape, reference: Tensor): void {
  if (t.rank !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, [reference.shape, t.shape], `${name} must have shape [${expected.join(', ')}]`);
  }
}

/** NumPy broadcasting of `from` up to exactly `to` (dims aligned from the right, 1 stretches). */
export function assertBroadcastsTo(op: string, name: string, t: Tensor, to: Shape, reference: Tensor): void {
  const lead = to.length - t.rank;
  if (lead < 0 || t.shape.some((d, i) => d !== 1 && d !== to[lead + i])) {
    throw new ShapeError(op, [reference.shape, t.shape], `${name} must broadcast to [${to.join(', ')}]`);
  }
}

/** `[i, j, …]` of flat index `flat` in a row-major tensor of `shape`. */
export function positionOf(flat: number, shape: Shape): number[] {
  const position: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis]!;
    position.unshift(rest % d);
    rest = Math.floor(rest / d);
  }
  return position;
}

/**
 * The weights of the counted elements of a per-position loss of `shape`: 0 where the target is
 * `ignoreIndex` or `mask` is false/0, else the mask's value (1 for a bool mask). `undefined`
 * when every element counts, so the common case pays nothing.
 */
export function countedWeights(
  shape: Shape,
  like: Tensor,
  { target, ignoreIndex, mask }: { readonly target?: Tensor; readonly ignoreIndex?: number | undefined; readonly mask?: Tensor | undefined },
): Tensor | undefined {
  if (mask === undefined && (ignoreIndex === undefined || target === undefined)) return undefined;
  return tidy(() => {
    const masked = mask === undefined ? undefined : broadcastTo(cast(mask, like.dtype), shape);
    const kept = ignoreIndex === undefined || target === undefined ? undefined : cast(notEqual(target, ignoreIndex), like.dtype);
    if (masked === undefined) return kept!;
    return kept === undefined ? masked : mul(masked, kept);
  });
}

/**
 * Throws if a class index lies outside `[0, classes)`, skipping ignored positions and those the
 * mask drops. Only where the backend reads synchronously: elsewhere the check would stall the
 * pipeline, and an out-of-range index selects no class (its one-hot row is zero).
 */
export function checkClassIndices(op: string, target: Tensor, classes: number, weights: Tensor | undefined, ignoreIndex: number | undefined): void {
  if (!target.backend.caps.syncRead) return;
  const values = target.dataSync();
  const counted = weights?.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === ignoreIndex || counted?.[i] === 0) continue;
    if (v < 0 || v >= classes) {
      throw new ArgumentError(op, 'target', `class index ${v} at position [${positionOf(i, target.shape).join(', ')}] is outside [0, ${classes})`);
    }
  }
}
