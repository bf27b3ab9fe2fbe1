/** Deterministic initializers: constants and the (scaled) identity. */
import { ArgumentError, eye, full, mul, tidy } from '@rnn/tensor';
import type { Initializer } from './initializer.js';

export const constant =
  (value: number): Initializer =>
  (shape, { dtype, backend }) =>
    full(shape, value, { dtype, backend });

export const zeros = (): Initializer => constant(0);
export const ones = (): Initializer => constant(1);

/**
 * `gain · I` for a matrix (the rectangular identity when it is not square). IRNN's recurrent
 * weights (Le et al. 2015): with relu and zero biases the state is carried unchanged until the
 * input moves it, so gradients neither vanish nor explode at the start of training.
 */
export const identity =
  ({ gain = 1 }: { readonly gain?: number } = {}): Initializer =>
  (shape, { dtype, backend }) => {
    if (shape.length !== 2) throw new ArgumentError('identity initializer', 'shape', `must be a matrix, got [${shape.join(', ')}]`);
    return tidy(() => mul(eye(shape[0]!, shape[1], { dtype, backend }), gain));
  };
