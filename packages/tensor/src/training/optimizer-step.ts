/**
 * `fusedOptimizerStep`: one backend call that updates every parameter of an optimizer, for
 * backends with the optional `optimizerStep` kernel. Optimizers call it first and run their
 * composed per-parameter update when it returns null. It is never recorded on a gradient tape.
 */
import type { OptimizerRule, OptimizerStepSpec, TensorSpec } from '../backend/types.js';
import { applyPrimitive } from '../engine/apply.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { primitive } from '../primitives/primitive.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { optimizerSlotNames } from './optimizer-rules.js';

/** One parameter's part of a step. */
export interface FusedParameterUpdate {
  readonly parameter: Tensor;
  readonly grad: Tensor;
  /** Its update count including this one (1 on its first update). */
  readonly step: number;
  /** Its current slots in the order of `optimizerSlotNames(rule)`; undefined where one does not exist yet. */
  readonly slots: readonly (Tensor | undefined)[];
}

export interface FusedStepResult {
  /** The new value of each parameter. */
  readonly params: Tensor[];
  /** Per parameter, every slot of the rule, in the order of `optimizerSlotNames(rule)`. */
  readonly slots: Tensor[][];
}

interface Attrs {
  readonly spec: OptimizerStepSpec;
  /** Per parameter and slot: the index of the slot among the inputs, or null (no slot yet). */
  readonly slotInputs: readonly (readonly (number | null)[])[];
}

/** Inputs [...params, ...grads, ...existing slots]; outputs [...params, ...every slot of every parameter]. */
const optimizerStepPrimitive = primitive<Attrs>({
  name: 'optimizerStep',
  forward: (backend, inputs, { spec, slotInputs }) => {
    const n = slotInputs.length;
    const params = inputs.slice(0, n);
    const slots = slotInputs.map((row) => row.map((k): TensorSpec | null => (k === null ? null : inputs[k]!)));
    const result = backend.optimizerStep!(spec, params, inputs.slice(n, 2 * n), slots);
    const like = (i: number): { shape: TensorSpec['shape']; dtype: OptimizerStepSpec['dtype'] } => ({ shape: params[i]!.shape, dtype: spec.dtype });
    return [...result.params.map((handle, i) => ({ handle, ...like(i) })), ...result.slots.flatMap((row, i) => row.map((handle) => ({ handle, ...like(i) })))];
  },
});

/**
 * Applies `rule` to every parameter in one backend call and returns the new parameters and
 * slots (new tensors in the current scope; the inputs are untouched). Returns null — the
 * caller runs its composed update — when the backend has no fused step or declines the rule,
 * or when the tensors do not all share one backend and one float dtype.
 *
 * @example
 * const rule = { kind: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 } as const;
 * const result = fusedOptimizerStep(rule, [{ parameter: w, grad: dw, step: 1, slots: [] }]);
 * if (result !== null) w.assign(result.params[0]!);
 */
export function fusedOptimizerStep(rule: OptimizerRule, updates: readonly FusedParameterUpdate[]): FusedStepResult | null {
  const op = 'fusedOptimizerStep';
  const slotCount = optimizerSlotNames(rule).length;
  updates.forEach(({ parameter, grad, slots }, i) => {
    if (!shapesEqual(parameter.shape, grad.shape)) throw new ShapeError(op, [parameter.shape, grad.shape], `gradient ${i} must have its parameter's shape`);
    if (slots.length !== slotCount) throw new ArgumentError(op, 'slots', `of parameter ${i}: ${slots.length} given, the ${rule.kind} rule keeps ${slotCount}`);
    for (const s of slots) if (s !== undefined && !shapesEqual(s.shape, parameter.shape)) throw new ShapeError(op, [parameter.shape, s.shape], `a slot of parameter ${i} must have its shape`);
  });
  const first = updates[0];
  if (first === undefined) return { params: [], slots: [] };
  const { backend, dtype } = first.parameter;
  if (backend.optimizerStep === undefined || (dtype !== 'float32' && dtype !== 'float64')) return null;
  const inputs = [...updates.map((u) => u.parameter), ...updates.map((u) => u.grad)];
  const slotInputs = updates.map((u) => u.slots.map((s) => (s === undefined ? null : inputs.push(s) - 1)));
  if (inputs.some((t) => t.backend !== backend || t.dtype !== dtype)) return null;
  const spec: OptimizerStepSpec = { rule, dtype, steps: updates.map((u) => u.step) };
  if (backend.supportsOptimizerStep?.(spec) === false) return null;
  const outputs = applyPrimitive(optimizerStepPrimitive, inputs, { spec, slotInputs });
  const n = updates.length;
  return {
    params: outputs.slice(0, n),
    slots: updates.map((_, i) => outputs.slice(n + i * slotCount, n + (i + 1) * slotCount)),
  };
}
