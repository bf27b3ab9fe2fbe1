/**
 * Test support: gradients checked against central differences in float64, element by element,
 * so a gradient that is wrong in a single weight (a gate row, a peephole) shows.
 */
import { fromArray, tidy, valueAndGrad, type Tensor } from '@rnn/tensor';

export interface FiniteDifferenceOptions {
  readonly eps?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

/**
 * Where autograd's gradient of the scalar `f` disagrees with (f(a + ε) − f(a − ε)) / 2ε, one
 * line per argument (its worst element); empty when all agree. Arguments must be float64.
 */
export function gradientMismatches(
  f: (...args: Tensor[]) => Tensor,
  args: readonly Tensor[],
  names: readonly string[],
  { eps = 1e-6, rtol = 1e-6, atol = 1e-8 }: FiniteDifferenceOptions = {},
): string[] {
  const { grads } = valueAndGrad(f)(...args);
  const at = (index: number, values: Float64Array): number =>
    tidy(() => f(...args.map((a, i) => (i === index ? fromArray(values, { shape: a.shape }) : a))).itemSync());
  return args.flatMap((arg, index) => {
    const analytic = grads[index]!.dataSync();
    const point = Float64Array.from(arg.dataSync());
    let worst: { element: number; numeric: number; excess: number } | null = null;
    for (let element = 0; element < point.length; element++) {
      const original = point[element]!;
      point[element] = original + eps;
      const above = at(index, point);
      point[element] = original - eps;
      const below = at(index, point);
      point[element] = original;
      const numeric = (above - below) / (2 * eps);
      const excess = Math.abs(analytic[element]! - numeric) - (atol + rtol * Math.abs(numeric));
      if (excess > (worst?.excess ?? 0)) worst = { element, numeric, excess };
    }
    return worst === null ? [] : [`${names[index]}[${worst.element}]: autograd ${analytic[worst.element]}, central difference ${worst.numeric}`];
  });
}
