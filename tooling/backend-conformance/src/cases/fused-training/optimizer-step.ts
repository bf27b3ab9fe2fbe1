/**
 * The fused optimizer step. For a backend that declares `optimizerStep`, `fusedOptimizerStep`
 * must make exactly one backend call per step for all parameters and agree with the suite's
 * composed update (reference-updates.ts) run with tensor ops on the same backend, parameters
 * and every slot, over three steps fed back into each other: for every rule and option, with
 * parameters whose slots do not exist yet, one with a history (its own, later step count), sizes
 * that are not multiples of 4, one element and none.
 */
import {
  dispose,
  fromArray,
  fusedOptimizerStep,
  Generator,
  optimizerSlotNames,
  tidy,
  uniform,
  type Backend,
  type OptimizerRule,
  type Shape,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { Check, CheckEnv } from '../../case.js';
import { expectAllclose } from '../../compare.js';
import { readAll } from '../../execute.js';
import { seedOf } from '../../inputs.js';
import { referenceUpdate } from './reference-updates.js';
import { countingView } from './views.js';

const sgd = { kind: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 } as const;
const adam = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, amsgrad: false } as const;
const rmsprop = { kind: 'rmsprop', lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 } as const;

const RULES: readonly (readonly [string, OptimizerRule])[] = [
  ['SGD', sgd],
  ['SGD, weight decay', { ...sgd, weightDecay: 0.05 }],
  ['SGD, momentum and dampening', { ...sgd, momentum: 0.9, dampening: 0.3 }],
  ['SGD, Nesterov momentum and weight decay', { ...sgd, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ['Adam', adam],
  ['Adam, L2 weight decay and AMSGrad', { ...adam, beta1: 0.8, beta2: 0.95, weightDecay: 0.1, amsgrad: true }],
  ['AdamW', { ...adam, weightDecay: 0.01, decoupledWeightDecay: true }],
  ['AdamW, AMSGrad', { ...adam, weightDecay: 0.2, decoupledWeightDecay: true, amsgrad: true }],
  ['RMSprop', rmsprop],
  ['RMSprop, centered with weight decay', { ...rmsprop, centered: true, weightDecay: 0.01 }],
  ['RMSprop, momentum', { ...rmsprop, momentum: 0.5, alpha: 0.9 }],
  ['RMSprop, centered with momentum', { ...rmsprop, centered: true, momentum: 0.5 }],
];

const SHAPES: readonly Shape[] = [[3, 5], [7], [1], [0], [2, 2]];
/** Parameter 1 has been updated before: it starts with slots, at update count 5. */
const HISTORY = 1;
const STEPS = 3;

/** Seeded values written to the backend in `dtype`. */
async function draw(seed: string, shape: Shape, low: number, high: number, backend: Backend, oracle: Backend, dtype: string): Promise<Tensor> {
  const drawn = uniform(shape, { generator: new Generator(seedOf(seed)), low, high, dtype: 'float64', backend: oracle });
  try {
    return fromArray(Float64Array.from(await drawn.data()), { shape, dtype: dtype as 'float32' | 'float64', backend });
  } finally {
    drawn.dispose();
  }
}

/** A slot with a history: second moments in [0.5, 1) (so a centered variance stays positive), others in [−0.1, 0.1). */
const slotRange = (name: string): [number, number] => (name.includes('sq') || name === 'square_avg' ? [0.5, 1] : [-0.1, 0.1]);

interface State {
  readonly params: Tensor[];
  readonly slots: (Tensor | undefined)[][];
}

async function fusedMatchesComposed(env: CheckEnv, rule: OptimizerRule, label: string): Promise<void> {
  const { backend, oracle, dtype } = env;
  if (backend.optimizerStep === undefined) env.skip(`the ${backend.name} backend has no fused optimizerStep`);
  const stepsAt = (s: number): number[] => SHAPES.map((_, i) => (i === HISTORY ? 5 + s : 1 + s));
  if (backend.supportsOptimizerStep?.({ rule, dtype, steps: stepsAt(0) }) === false) env.skip(`supportsOptimizerStep declines ${rule.kind} in ${dtype}`);

  const counting = countingView(backend);
  const view = counting.backend;
  const names = optimizerSlotNames(rule);
  const owned: Tensor[] = [];
  const own = <T extends Tensor>(t: T): T => (owned.push(t), t);
  try {
    const start: State = { params: [], slots: [] };
    for (const [i, shape] of SHAPES.entries()) {
      start.params.push(own(await draw(`${label} θ${i}`, shape, -1, 1, view, oracle, dtype)));
      const slots: (Tensor | undefined)[] = [];
      for (const name of names) slots.push(i === HISTORY ? own(await draw(`${label} ${name}${i}`, shape, ...slotRange(name), view, oracle, dtype)) : undefined);
      start.slots.push(slots);
    }
    let [fused, composed] = [start, start];
    for (let s = 0; s < STEPS; s++) {
      const steps = stepsAt(s);
      const grads: Tensor[] = [];
      for (const [i, shape] of SHAPES.entries()) grads.push(own(await draw(`${label} ∇${i} step ${s}`, shape, -1, 1, view, oracle, dtype)));
      const result = fusedOptimizerStep(
        rule,
        fused.params.map((parameter, i) => ({ parameter, grad: grads[i]!, step: steps[i]!, slots: fused.slots[i]! })),
      );
      expect(result, `${label}: fusedOptimizerStep ran (did not fall back)`).not.toBeNull();
      fused = { params: result!.params.map(own), slots: result!.slots.map((row) => row.map(own)) };
      // Per parameter [value, ...slots]; the reference's intermediates are freed by tidy.
      const reference = tidy(() =>
        composed.params.map((theta, i) => {
          const r = referenceUpdate(rule, steps[i]!, theta, grads[i]!, composed.slots[i]!);
          return [r.param, ...r.slots];
        }),
      );
      composed = { params: reference.map((r) => own(r[0]!)), slots: reference.map((r) => r.slice(1).map(own)) };

      const what = (i: number, k: number): string => `${label}: step ${s + 1}, parameter ${i} ${k < 0 ? 'value' : `slot ${names[k]!}`}`;
      const actual = await readAll([...fused.params, ...fused.slots.flat()] as Tensor[]);
      const expected = await readAll([...composed.params, ...composed.slots.flat()] as Tensor[]);
      const labels = [...SHAPES.map((_, i) => what(i, -1)), ...SHAPES.flatMap((_, i) => names.map((__, k) => what(i, k)))];
      expected.forEach((e, j) => {
        expect([...actual[j]!.shape], `${labels[j]!}: shape`).toEqual([...e.shape]);
        expectAllclose(actual[j]!.data, e.data, env.tolerances, `${labels[j]!}, fused vs composed`, e.shape);
      });
    }
    expect(counting.calls.optimizerStep, `${label}: optimizerStep calls (one per step for all parameters)`).toBe(STEPS);
  } finally {
    dispose(owned);
  }
}

export const optimizerChecks: Check[] = RULES.map(([ruleName, rule]) => {
  const name = `fused optimizer step · ${ruleName}: one call per step ≡ the composed update, ${STEPS} steps`;
  return { name, run: (env) => fusedMatchesComposed(env, rule, `${env.backend.name} ${env.dtype} fused training › ${name}`) };
});
