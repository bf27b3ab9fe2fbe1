/** Seeded random initializers: plain uniform/normal, PyTorch's recurrent default, Glorot. */
import { normal, uniform } from '@rnn/tensor';
import type { Initializer } from './initializer.js';

export const randomUniform =
  ({ low, high }: { readonly low: number; readonly high: number }): Initializer =>
  (shape, { generator, dtype, backend }) =>
    uniform(shape, { generator, dtype, backend, low, high });

export const randomNormal =
  ({ mean = 0, std }: { readonly mean?: number; readonly std: number }): Initializer =>
  (shape, { generator, dtype, backend }) =>
    normal(shape, { generator, dtype, backend, mean, std });

/**
 * PyTorch's default for every recurrent parameter, weights and biases alike:
 * U(−1/√H, 1/√H) with H the cell's hidden size (`RNNBase.reset_parameters`), whatever the
 * parameter's own fans.
 */
export const pytorchDefault = (hiddenSize: number): Initializer => {
  const bound = 1 / Math.sqrt(hiddenSize);
  return randomUniform({ low: -bound, high: bound });
};

/**
 * Glorot & Bengio (2010): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)), so activations and
 * gradients keep their variance, 2 / (fanIn + fanOut), through a layer.
 */
export const glorotUniform =
  ({ gain = 1 }: { readonly gain?: number } = {}): Initializer =>
  (shape, context) => {
    const bound = gain * Math.sqrt(6 / (context.fanIn + context.fanOut));
    return randomUniform({ low: -bound, high: bound })(shape, context);
  };

/** Glorot & Bengio (2010), normal form: N(0, gain²·2 / (fanIn + fanOut)), untruncated as PyTorch's `xavier_normal_`. */
export const glorotNormal =
  ({ gain = 1 }: { readonly gain?: number } = {}): Initializer =>
  (shape, context) =>
    randomNormal({ std: gain * Math.sqrt(2 / (context.fanIn + context.fanOut)) })(shape, context);

/** PyTorch's names for the Glorot initializers. */
export const xavierUniform = glorotUniform;
export const xavierNormal = glorotNormal;
