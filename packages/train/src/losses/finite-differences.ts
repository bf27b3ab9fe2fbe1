/** Test support: gradients by central finite differences, the oracle autograd is checked against. */
import { fromArray, tidy, type Tensor } from '@rnn/tensor';

/**
 * `∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h` for a scalar-valued `f` of a float64 `x`;
 * the error is O(h²), about 1e-10 at the default step.
 */
export function centralDifferences(f: (x: Tensor) => Tensor, x: Tensor, h = 1e-5): Float64Array {
  const base = Float64Array.from(x.dataSync());
  const at = (values: Float64Array): number => tidy(() => f(fromArray(values, { shape: x.shape, dtype: 'float64' })).itemSync());
  return base.map((v, i) => {
    const shifted = Float64Array.from(base);
    shifted[i] = v + h;
    const up = at(shifted);
    shifted[i] = v - h;
    return (up - at(shifted)) / (2 * h);
  });
}
