/**
 * A user-defined cell, written only against the public API as a contributor would (the README
 * walks through the same code): the minimal gated unit (Zhou et al. 2016), one forget gate
 * doing the work of the GRU's reset and update gates.
 *
 *     f = σ(W_f·x + U_f·h + b_f)      n = tanh(W_n·x + U_n·(f ⊙ h) + b_n)      h' = (1 − f) ⊙ h + f ⊙ n
 */
import { add, mul, sigmoid, split, sub, tanh, type Tensor } from '@rnn/tensor';
import { defineCell, init, linear, type CellDefinition } from '../index.js';

export function mguCell({ inputSize, hiddenSize }: { inputSize: number; hiddenSize: number }): CellDefinition {
  const uniform = init.pytorchDefault(hiddenSize);
  return defineCell({
    kind: 'mgu',
    inputSize,
    stateNames: ['h'],
    stateSizes: [hiddenSize],
    parameters: [
      { name: 'weight_ih', shape: [2 * hiddenSize, inputSize], init: uniform }, // rows f, n
      { name: 'weight_hh', shape: [2 * hiddenSize, hiddenSize], init: uniform },
      { name: 'bias_ih', shape: [2 * hiddenSize], init: uniform },
    ],
    step: (w, x, [h]) => {
      const [xf, xn] = split(linear(x, w.weight_ih, w.bias_ih), 2, 1) as [Tensor, Tensor];
      const [uf, un] = split(w.weight_hh, 2, 0) as [Tensor, Tensor];
      const f = sigmoid(add(xf, linear(h!, uf)));
      const n = tanh(add(xn, linear(mul(f, h!), un)));
      return [add(h!, mul(f, sub(n, h!)))]; // (1 − f) ⊙ h + f ⊙ n
    },
  });
}
