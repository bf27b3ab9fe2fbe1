/** What an initializer is, and the fan sizes the variance-scaling ones are built on. */
import type { Backend, DType, Generator, Shape, Tensor } from '@rnn/tensor';

export interface InitContext {
  /** The only source of randomness: the same seed gives the same weights on every backend. */
  readonly generator: Generator;
  readonly dtype: DType;
  /** Where the tensor is created; the current backend when undefined. */
  readonly backend: Backend | undefined;
  /** See {@link fans}. */
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Makes one parameter's initial value, of exactly `shape`. */
export type Initializer = (shape: Shape, context: InitContext) => Tensor;

/**
 * Fan sizes of a weight stored PyTorch's way, `[out, in, …receptive]`: fanIn = in·receptive,
 * fanOut = out·receptive (`torch.nn.init._calculate_fan_in_and_fan_out`). A vector (a bias, a
 * peephole) has fanIn = fanOut = its length. A gate-stacked matrix such as LSTM's
 * `weight_ih` [4H, I] counts all its rows, as Keras does for its fused kernels.
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(2).reduce((n, d) => n * d, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}
