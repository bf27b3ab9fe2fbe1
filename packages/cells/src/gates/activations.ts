/** The activations a cell may be configured with, by name (configurations travel as JSON). */
import { hardSigmoid, relu, sigmoid, tanh, type Tensor } from '@rnn/tensor';
import { oneOf } from '../options.js';

/** `hardSigmoid` is Keras's and ONNX's: clip(0.2·x + 0.5, 0, 1). */
export type Activation = 'tanh' | 'sigmoid' | 'hardSigmoid' | 'relu' | 'identity';

const functions: Readonly<Record<Activation, (x: Tensor) => Tensor>> = {
  tanh,
  sigmoid,
  hardSigmoid: (x) => hardSigmoid(x),
  relu,
  identity: (x) => x,
};

/** The function named by a cell factory's option, after checking the name. */
export function activation(factory: string, option: string, name: Activation, allowed?: readonly Activation[]): (x: Tensor) => Tensor {
  return functions[oneOf(factory, option, name, allowed ?? (Object.keys(functions) as Activation[]))];
}
