/**
 * The Elman network (Elman 1990, "Finding structure in time"): the hidden state is fed back,
 * h' = act(W_ih·x + b_ih + W_hh·h + b_hh), PyTorch's `RNNCell`. With `irnn`, Le et al.'s (2015)
 * IRNN: relu, identity recurrent weights, zero biases and small input weights. It reports
 * nothing to `observe`: its state h is all there is to see.
 */
import { add, ArgumentError } from '@rnn/tensor';
import { defineCell, type CellDefinition } from '../cell.js';
import { activation } from '../gates/activations.js';
import { linear } from '../gates/linear.js';
import { gateParameters } from '../gates/parameters.js';
import { identity, zeros } from '../initializers/constant.js';
import { pytorchDefault, randomNormal } from '../initializers/random.js';
import { positiveInteger } from '../options.js';

export interface ElmanOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Default 'tanh' ('relu' for an IRNN, which requires it). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** Whether `bias_ih` and `bias_hh` exist. Default true. */
  readonly bias?: boolean;
  /** Initialize as an IRNN (Le et al. 2015). Default false. */
  readonly irnn?: boolean;
}

export function elmanCell(options: ElmanOptions): CellDefinition {
  const factory = 'elmanCell';
  const inputSize = positiveInteger(factory, 'inputSize', options.inputSize);
  const hiddenSize = positiveInteger(factory, 'hiddenSize', options.hiddenSize);
  const { bias = true, irnn = false } = options;
  const nonlinearity = options.nonlinearity ?? (irnn ? 'relu' : 'tanh');
  const act = activation(factory, 'nonlinearity', nonlinearity, ['tanh', 'relu']);
  if (irnn && nonlinearity !== 'relu') throw new ArgumentError(factory, 'nonlinearity', "must be 'relu' for an IRNN (Le et al. 2015)");
  // Le et al. 2015, §3: W_hh = I, biases 0, the other weights N(0, 0.001²).
  const init = irnn ? { weight_ih: randomNormal({ std: 0.001 }), weight_hh: identity(), bias_ih: zeros(), bias_hh: zeros() } : pytorchDefault(hiddenSize);
  return defineCell({
    kind: 'rnn',
    inputSize,
    stateNames: ['h'],
    stateSizes: [hiddenSize],
    parameters: gateParameters({ rows: hiddenSize, inputSize, recurrentSize: hiddenSize, bias, init }),
    fused: { kind: 'rnn', hiddenSize, bias, nonlinearity },
    step: (w, x, [h]) => [act(add(linear(x, w.weight_ih, bias ? w.bias_ih : undefined), linear(h!, w.weight_hh, bias ? w.bias_hh : undefined)))],
  });
}
