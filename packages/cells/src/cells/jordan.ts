/**
 * The Jordan network (Jordan 1986, "Serial order: a parallel distributed processing
 * approach"): the context fed back is the previous *output*, not the hidden layer:
 *
 *     h_t = act(W_ih·x_t + b_ih + W_yh·y_{t−1} + b_yh)
 *     y_t = outAct(W_hy·h_t + b_hy)
 *
 * so the cell's only state, and its output, is y (size outputSize). Reported to `observe`:
 * 'hidden', h_t (size hiddenSize), which is not part of the state.
 */
import { add } from '@rnn/tensor';
import { defineCell, type CellDefinition, type ParameterSpec } from '../cell.js';
import { activation } from '../gates/activations.js';
import { linear } from '../gates/linear.js';
import { pytorchDefault } from '../initializers/random.js';
import { positiveInteger } from '../options.js';

export interface JordanOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /** The hidden layer's activation. Default 'tanh'. */
  readonly nonlinearity?: 'tanh' | 'relu';
  /**
   * The output layer's activation. Default 'tanh': the output is fed back, and a bounded one
   * cannot grow without limit through the loop as an 'identity' output may.
   */
  readonly outputActivation?: 'tanh' | 'sigmoid' | 'identity';
  /** Whether `bias_ih`, `bias_yh` and `bias_hy` exist. Default true. */
  readonly bias?: boolean;
}

type JordanParameter = 'weight_ih' | 'bias_ih' | 'weight_yh' | 'bias_yh' | 'weight_hy' | 'bias_hy';

export function jordanCell(options: JordanOptions): CellDefinition {
  const factory = 'jordanCell';
  const inputSize = positiveInteger(factory, 'inputSize', options.inputSize);
  const hiddenSize = positiveInteger(factory, 'hiddenSize', options.hiddenSize);
  const outputSize = positiveInteger(factory, 'outputSize', options.outputSize);
  const { bias = true } = options;
  const act = activation(factory, 'nonlinearity', options.nonlinearity ?? 'tanh', ['tanh', 'relu']);
  const outAct = activation(factory, 'outputActivation', options.outputActivation ?? 'tanh', ['tanh', 'sigmoid', 'identity']);
  // PyTorch's recurrent default, U(±1/√H), for every parameter, the output layer's included
  // (it is also what nn.Linear(H, O) would draw).
  const init = pytorchDefault(hiddenSize);
  const layer = (weight: JordanParameter, biasName: JordanParameter, rows: number, columns: number): ParameterSpec<JordanParameter>[] => [
    { name: weight, shape: [rows, columns], init },
    ...(bias ? [{ name: biasName, shape: [rows], init }] : []),
  ];
  return defineCell({
    kind: 'jordan',
    inputSize,
    stateNames: ['y'],
    stateSizes: [outputSize],
    parameters: [...layer('weight_ih', 'bias_ih', hiddenSize, inputSize), ...layer('weight_yh', 'bias_yh', hiddenSize, outputSize), ...layer('weight_hy', 'bias_hy', outputSize, hiddenSize)],
    step: (w, x, [y], observe) => {
      const h = act(add(linear(x, w.weight_ih, bias ? w.bias_ih : undefined), linear(y!, w.weight_yh, bias ? w.bias_yh : undefined)));
      observe('hidden', h);
      return [outAct(linear(h, w.weight_hy, bias ? w.bias_hy : undefined))];
    },
  });
}
