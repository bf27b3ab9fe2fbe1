/**
 * The GRU (Cho et al. 2014, "Learning phrase representations using RNN encoder–decoder"),
 * PyTorch's `GRUCell` layout: rows r, z, n of `weight_ih`/`weight_hh` [3H, ·].
 *
 *     r = σ(W_ir x + b_ir + W_hr h + b_hr)        z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *     resetAfter (PyTorch, cuDNN, Keras reset_after=True):  n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *     reset before (Cho et al.'s form, Keras reset_after=False): n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
 *     h' = (1 − z) ⊙ n + z ⊙ h
 *
 * Reported to `observe`: 'reset_gate' r, 'update_gate' z and 'candidate' n.
 */
import { add, mul, sigmoid, split, sub, tanh, type Tensor } from '@rnn/tensor';
import { defineCell, type CellDefinition } from '../cell.js';
import { linear } from '../gates/linear.js';
import { gateParameters } from '../gates/parameters.js';
import { pytorchDefault } from '../initializers/random.js';
import { positiveInteger } from '../options.js';

export interface GruOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Whether `bias_ih` and `bias_hh` exist. Default true. */
  readonly bias?: boolean;
  /** Apply the reset gate after the recurrent matmul (PyTorch), or to h before it. Default true. */
  readonly resetAfter?: boolean;
}

export function gruCell(options: GruOptions): CellDefinition {
  const factory = 'gruCell';
  const inputSize = positiveInteger(factory, 'inputSize', options.inputSize);
  const hiddenSize = positiveInteger(factory, 'hiddenSize', options.hiddenSize);
  const { bias = true, resetAfter = true } = options;
  return defineCell({
    kind: 'gru',
    inputSize,
    stateNames: ['h'],
    stateSizes: [hiddenSize],
    parameters: gateParameters({ rows: 3 * hiddenSize, inputSize, recurrentSize: hiddenSize, bias, init: pytorchDefault(hiddenSize) }),
    fused: { kind: 'gru', hiddenSize, bias, resetAfter },
    step: (w, x, [hPrev], observe) => {
      const h = hPrev!;
      const [xr, xz, xn] = split(linear(x, w.weight_ih, bias ? w.bias_ih : undefined), 3, 1) as [Tensor, Tensor, Tensor];
      const recurrent = (resetAfter ? resetAfterMatmul : resetBeforeMatmul)(h, w.weight_hh, bias ? w.bias_hh : undefined);
      const r = sigmoid(add(xr, recurrent.r));
      const z = sigmoid(add(xz, recurrent.z));
      const n = tanh(add(xn, recurrent.n(r)));
      observe('reset_gate', r);
      observe('update_gate', z);
      observe('candidate', n);
      // (1 − z) ⊙ n + z ⊙ h, as n + z ⊙ (h − n): PyTorch's own kernel form, one op fewer.
      return [add(n, mul(z, sub(h, n)))];
    },
  });
}

/** The recurrent terms of one step: r's and z's, and n's given the reset gate. */
interface Recurrence {
  readonly r: Tensor;
  readonly z: Tensor;
  readonly n: (reset: Tensor) => Tensor;
}

/** One matmul for all three gates; the reset gate then scales (W_hn h + b_hn). */
function resetAfterMatmul(h: Tensor, weight: Tensor, bias: Tensor | undefined): Recurrence {
  const [r, z, n] = split(linear(h, weight, bias), 3, 1) as [Tensor, Tensor, Tensor];
  return { r, z, n: (reset) => mul(reset, n) };
}

/** Only the r and z rows can be multiplied before r is known; the n rows then take r ⊙ h. */
function resetBeforeMatmul(h: Tensor, weight: Tensor, bias: Tensor | undefined): Recurrence {
  const H = h.shape[1]!;
  const [weightRz, weightN] = split(weight, [2 * H, H], 0) as [Tensor, Tensor];
  const [biasRz, biasN] = bias === undefined ? [undefined, undefined] : (split(bias, [2 * H, H], 0) as [Tensor, Tensor]);
  const [r, z] = split(linear(h, weightRz, biasRz), 2, 1) as [Tensor, Tensor];
  return { r, z, n: (reset) => linear(mul(reset, h), weightN, biasN) };
}
