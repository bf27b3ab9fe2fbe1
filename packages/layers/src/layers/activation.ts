/** The activations a layer can apply to its output, by the names Keras uses. */
import { relu, sigmoid, softmax, tanh, type Tensor } from '@rnn/tensor';

export const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

const functions: Readonly<Record<Activation, (x: Tensor) => Tensor>> = {
  linear: (x) => x,
  relu,
  tanh,
  sigmoid,
  // Over the features, the last axis.
  softmax: (x) => softmax(x, -1),
};

export function activate(activation: Activation, x: Tensor): Tensor {
  return functions[activation](x);
}
