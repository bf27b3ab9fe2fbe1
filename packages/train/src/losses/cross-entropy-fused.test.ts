// crossEntropy's common case (class indices, no label smoothing) runs the fused
// softmaxCrossEntropyWithIndices kernel where the backend has it; it must equal the composed
// one-hot path in value and gradient, for every reduction, ignoreIndex and mask.
import { createCpuBackend, fromArray, numHandles, valueAndGrad, type Backend, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';

const fusedBackend = createCpuBackend();
let fusedCalls = 0;
const counted: Backend = {
  ...fusedBackend,
  softmaxCrossEntropy: (...args) => {
    fusedCalls++;
    return fusedBackend.softmaxCrossEntropy!(...args);
  },
};
const composedBackend: Backend = { ...createCpuBackend(), softmaxCrossEntropy: undefined };

const LOGITS = [[[2, 0, -1], [0.5, 0.5, 3]], [[1, 3, -2], [-1, 0.25, 0]]];
const TARGETS = [[0, 2], [1, 0]];

function run(backend: Backend, options: CrossEntropyOptions & { readonly maskValues?: number[] }): { value: number[]; grad: number[] } {
  const logits = fromArray(LOGITS, { dtype: 'float64', backend });
  const target = fromArray(TARGETS, { dtype: 'int32', backend });
  const mask = options.maskValues === undefined ? undefined : fromArray(options.maskValues, { shape: [2, 2], backend });
  const { value, grads } = valueAndGrad((x: Tensor) => crossEntropy(x, target, { ...options, mask }))(logits);
  const result = { value: [...value.dataSync()], grad: [...grads[0]!.dataSync()] };
  for (const t of [logits, target, value, ...grads, ...(mask === undefined ? [] : [mask])]) t.dispose();
  return result;
}

const variants: [string, CrossEntropyOptions & { readonly maskValues?: number[] }][] = [
  ['mean', {}],
  ['sum', { reduction: 'sum' }],
  ['none', { reduction: 'none' }],
  ['ignoreIndex that is a valid class', { ignoreIndex: 2 }],
  ['ignoreIndex with reduction none', { ignoreIndex: 0, reduction: 'none' }],
  ['a mask', { maskValues: [1, 1, 1, 0] }],
];

describe('crossEntropy on a backend with the fused kernel', () => {
  it.each(variants)('equals the composed path in value and gradient (%s)', (_, options) => {
    fusedCalls = 0;
    const before = numHandles(fusedBackend);
    const fused = run(counted, options);
    expect(fusedCalls).toBe(1);
    expect(numHandles(fusedBackend)).toBe(before);
    const composed = run(composedBackend, options);
    expect(fused.value).toEqual(composed.value.map((v) => expect.closeTo(v, 12) as unknown));
    expect(fused.grad).toEqual(composed.grad.map((v) => expect.closeTo(v, 12) as unknown));
  });

  it('keeps the composed path for label smoothing and probability targets', () => {
    fusedCalls = 0;
    const logits = fromArray(LOGITS, { backend: counted });
    crossEntropy(logits, fromArray(TARGETS, { dtype: 'int32', backend: counted }), { labelSmoothing: 0.1 });
    crossEntropy(logits, fromArray([[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [1, 0, 0]]], { backend: counted }));
    expect(fusedCalls).toBe(0);
  });
});
