/**
 * The wasm backend's fused optimizer step (`FusedTrainingOps.optimizerStep`): float32 only (the
 * backend declines float64). Every output is allocated first (pointers survive a memory grow),
 * then one SIMD kernel call per parameter — all inside the one backend call per step.
 */
import type { OptimizerRule, OptimizerStepResult, OptimizerStepSpec, TensorSpec } from '@rnn/tensor/backend';
import { adamScalars, optimizerSlotNames, rmspropScalars, sgdScalars } from '@rnn/tensor/kernels';
import type { KernelExports } from '../exports.js';
import { asBuffer, asHandle, type WasmBuffer, type WasmStorage } from '../storage.js';

export const supportsOptimizerStep = (spec: OptimizerStepSpec): boolean => spec.dtype === 'float32';

/** Flag bits of the kernels (assembly/fused/{sgd,adam,rmsprop}.ts have the same tables). */
const SGD = { decay: 1, momentum: 2, first: 4, nesterov: 8 } as const;
const ADAM = { l2: 1, decoupled: 2, amsgrad: 4, hasAvg: 8, hasSquare: 16, hasMax: 32 } as const;
const RMSPROP = { decay: 1, centered: 2, momentum: 4, hasSquare: 8, hasAvg: 16, hasBuffer: 32 } as const;

/** Bits of `table` whose condition holds. */
const flags = <K extends string>(table: Readonly<Record<K, number>>, on: Readonly<Record<K, boolean>>): number =>
  (Object.keys(table) as K[]).reduce((bits, key) => (on[key] ? bits | table[key] : bits), 0);

/** One parameter: input pointers (null for a slot that does not exist yet) and its freshly allocated outputs. */
interface Pointers {
  readonly theta: number;
  readonly grad: number;
  readonly slots: readonly (number | null)[];
  readonly out: readonly WasmBuffer[];
  readonly n: number;
}

function update(kernels: KernelExports, rule: OptimizerRule, step: number, p: Pointers): void {
  const { theta, grad, slots, n } = p;
  const [outTheta, ...out] = p.out.map((b) => b.ptr) as [number, ...number[]];
  const has = (k: number): boolean => slots[k] !== null && slots[k] !== undefined;
  // A missing slot's pointer is never read (its flag says so); 0 stands in.
  const at = (k: number): number => slots[k] ?? 0;
  switch (rule.kind) {
    case 'sgd': {
      const s = sgdScalars(rule);
      const bits = flags(SGD, { decay: s.weightDecay !== 0, momentum: s.momentum !== 0, first: !has(0), nesterov: rule.nesterov });
      kernels.sgdF32(theta, grad, at(0), outTheta, out[0] ?? 0, n, s.lr, s.weightDecay, s.momentum, s.keep, bits);
      return;
    }
    case 'adam': {
      const s = adamScalars(rule, step);
      const on = { l2: s.weightDecay !== 0, decoupled: s.decay !== 1, amsgrad: rule.amsgrad, hasAvg: has(0), hasSquare: has(1), hasMax: rule.amsgrad && has(2) };
      kernels.adamF32(theta, grad, at(0), at(1), at(2), outTheta, out[0]!, out[1]!, out[2] ?? 0, n,
        s.weightDecay, s.decay, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.eps, s.stepSize, s.biasCorrection2Sqrt, flags(ADAM, on));
      return;
    }
    case 'rmsprop': {
      const s = rmspropScalars(rule);
      // Slot order: square_avg, then grad_avg (centered), then momentum_buffer (momentum > 0).
      const buffer = rule.centered ? 2 : 1;
      const on = { decay: s.weightDecay !== 0, centered: rule.centered, momentum: s.momentum > 0, hasSquare: has(0), hasAvg: rule.centered && has(1), hasBuffer: s.momentum > 0 && has(buffer) };
      kernels.rmspropF32(theta, grad, at(0), rule.centered ? at(1) : 0, at(buffer), outTheta, out[0]!, rule.centered ? out[1]! : 0, out[buffer] ?? 0, n,
        s.lr, s.weightDecay, s.alpha, s.oneMinusAlpha, s.eps, s.momentum, flags(RMSPROP, on));
      return;
    }
  }
}

export function optimizerStep(
  kernels: KernelExports,
  storage: WasmStorage,
  spec: OptimizerStepSpec,
  params: readonly TensorSpec[],
  grads: readonly TensorSpec[],
  slots: readonly (readonly (TensorSpec | null)[])[],
): OptimizerStepResult {
  const slotCount = optimizerSlotNames(spec.rule).length;
  const ptr = (t: TensorSpec): number => asBuffer(t.handle).ptr;
  const slotPtr = (t: TensorSpec | null | undefined): number | null => (t === null || t === undefined ? null : ptr(t));
  const allocated: WasmBuffer[] = [];
  const outputsOf = (n: number): WasmBuffer[] =>
    Array.from({ length: 1 + slotCount }, () => {
      const b = storage.allocate('float32', n);
      allocated.push(b);
      return b;
    });
  try {
    const parameters: Pointers[] = params.map((p, i) => {
      const n = asBuffer(p.handle).length;
      return { theta: ptr(p), grad: ptr(grads[i]!), slots: Array.from({ length: slotCount }, (_, k) => slotPtr(slots[i]?.[k])), out: outputsOf(n), n };
    });
    parameters.forEach((p, i) => {
      update(kernels, spec.rule, spec.steps[i]!, p);
    });
    return { params: parameters.map((p) => asHandle(p.out[0]!)), slots: parameters.map((p) => p.out.slice(1).map(asHandle)) };
  } catch (error) {
    for (const b of allocated) storage.release(b);
    throw error;
  }
}
