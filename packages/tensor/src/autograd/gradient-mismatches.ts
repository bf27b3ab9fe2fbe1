/**
 * Checking autograd against central finite differences, as `torch.autograd.gradcheck` does: the
 * test a new op, cell or layer owes its gradients.
 */
import { dispose, tidy } from '../engine/memory.js';
import { fromArray } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { valueAndGrad } from './grad.js';

export interface GradientCheckOptions {
  /** The step ε of `(f(a + ε) − f(a − ε)) / 2ε` (default 1e-6). */
  readonly eps?: number;
  /** Relative tolerance (default 1e-6). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  readonly atol?: number;
}

/**
 * Where autograd's gradient of the scalar `f` disagrees with the central difference, element by
 * element, so a gradient wrong in a single weight shows: one line per argument (its worst
 * element, named by `names`); empty when all agree. Arguments must be float64 on a backend that
 * reads synchronously.
 *
 * @example
 * gradientMismatches((x) => sum(tanh(x)), [fromArray([0.5, -1], { dtype: 'float64' })], ['x']); // []
 */
export function gradientMismatches(
  f: (...args: Tensor[]) => Tensor,
  args: readonly Tensor[],
  names: readonly string[],
  { eps = 1e-6, rtol = 1e-6, atol = 1e-8 }: GradientCheckOptions = {},
): string[] {
  const { value, grads } = valueAndGrad(f)(...args);
  value.dispose();
  const at = (index: number, values: Float64Array): number =>
    tidy(() => f(...args.map((a, i) => (i === index ? fromArray(values, { shape: a.shape, dtype: a.dtype, backend: a.backend }) : a))).itemSync());
  const mismatches = args.flatMap((arg, index) => {
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
  dispose(grads);
  return mismatches;
}
