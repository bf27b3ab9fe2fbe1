/**
 * `softmaxCrossEntropyWithIndices`. As cases, it runs on every backend (fused where the backend
 * has the kernel, composed elsewhere) against the oracle, plainly, under autograd and by finite
 * differences. The checks hold a backend that declares `softmaxCrossEntropy` to more: the
 * kernel must really run (once plain, once under a tape) and match the oracle's composed path
 * in float64, loss and gradient. Ignored and out-of-range targets, one class, one row, no rows
 * and logits near ±80 are all covered.
 */
import { softmaxCrossEntropyWithIndices, type Tensor } from '@rnn/tensor';
import { expect } from 'vitest';
import { intsInput, uniformInput, valuesInput, type Case, type Check, type Input } from '../../case.js';
import { expectAllclose } from '../../compare.js';
import { runPlain, runUnderAutograd } from '../../execute.js';
import { makeWeights, materializeInputs } from '../../inputs.js';
import { scaled } from '../../options.js';
import { composedView, countingView } from './views.js';

const crossEntropyCase = (name: string, logits: Input, targets: readonly number[], ignoreIndex?: number, toleranceScale?: number): Case => ({
  name,
  inputs: [logits, intsInput(targets, logits.shape.slice(0, -1))],
  op: (x: Tensor, t: Tensor) => softmaxCrossEntropyWithIndices(x, t, { ignoreIndex }),
  differentiable: true,
  ...(toleranceScale === undefined ? {} : { toleranceScale }),
});

export const crossEntropyCases: Case[] = [
  crossEntropyCase('softmaxCrossEntropyWithIndices [6, 5]', uniformInput([6, 5], -3, 3), [0, 4, 2, 2, 1, 3]),
  crossEntropyCase('ignoreIndex -100 rows and an out-of-range target', uniformInput([5, 3], -2, 2), [1, -100, 3, 0, -100], -100),
  crossEntropyCase('ignoreIndex that is a valid class', uniformInput([4, 3], -2, 2), [0, 1, 2, 1], 1),
  crossEntropyCase('one class (C = 1)', uniformInput([4, 1], -2, 2), [0, 0, 0, 0]),
  crossEntropyCase('one row (N = 1)', uniformInput([1, 7], -2, 2), [6]),
  crossEntropyCase('no rows (N = 0)', uniformInput([0, 4]), []),
  crossEntropyCase('[2, 3, 4] sequence logits', uniformInput([2, 3, 4], -2, 2), [0, 1, 2, 3, 3, 0]),
  // exp(±80) is far outside float32 without the max shift; float32 resolves |x| ≈ 80 only to ~5e-6.
  crossEntropyCase('stable for logits near ±80', valuesInput([80, -80, 79, -79.5, 80, 0, -80, -80, -79, 78, 80, 79.5], [4, 3]), [1, 0, 2, 2], undefined, 10),
  crossEntropyCase('65 classes (vector body and scalar tail)', uniformInput([3, 65], -4, 4), [64, 0, 33]),
];

/** The fused kernel vs the oracle's composed path, for one case. */
async function fusedMatchesComposedOracle(c: Case, env: Parameters<Check['run']>[0], label: string): Promise<void> {
  const { backend, oracle, dtype } = env;
  if (backend.softmaxCrossEntropy === undefined) env.skip(`the ${backend.name} backend has no fused softmaxCrossEntropy`);
  if (backend.supportsSoftmaxCrossEntropy?.(dtype) === false) env.skip(`supportsSoftmaxCrossEntropy declines ${dtype}`);
  const inputs = await materializeInputs(c, dtype, oracle);
  const weights = await makeWeights(c, [{ shape: c.inputs[1]!.shape, dtype: 'float64' }], oracle);
  const expected = await runUnderAutograd(c, composedView(oracle), inputs, dtype, 'oracle', weights);

  const counting = countingView(backend);
  const [plain] = await runPlain(c, counting.backend, inputs, dtype, 'backend');
  const actual = await runUnderAutograd(c, counting.backend, inputs, dtype, 'backend', weights);
  expect(counting.calls.softmaxCrossEntropy, `${label}: softmaxCrossEntropy calls (one plain, one under valueAndGrad)`).toBe(2);

  const tolerance = scaled(env.tolerances, c.toleranceScale ?? 1);
  const shape = c.inputs[0]!.shape;
  expectAllclose(plain!.data, expected.outputs[0]!.data, tolerance, `${label}: loss, fused vs the composed float64 oracle`, shape.slice(0, -1));
  expectAllclose(actual.outputs[0]!.data, expected.outputs[0]!.data, tolerance, `${label}: loss under autograd, fused vs the composed float64 oracle`, shape.slice(0, -1));
  expectAllclose(actual.grads[0]!.data, expected.grads[0]!.data, tolerance, `${label}: dL/dlogits, fused vs the composed float64 oracle`, shape);
}

export const crossEntropyChecks: Check[] = crossEntropyCases.map((c) => {
  const name = `fused kernel · ${c.name}: loss and gradient ≡ the composed float64 oracle`;
  return { name, run: (env) => fusedMatchesComposedOracle(c, env, `${env.backend.name} ${env.dtype} fused training › ${name}`) };
});
