/**
 * Central finite differences: `dL/dx_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / 2h`, one pair of
 * evaluations per input element, in float64.
 */
import type { InputValues } from './inputs.js';

/** Replaces element `i` of input `k` with `value` (a copy; `inputs` is not changed). */
function withElement(inputs: readonly InputValues[], k: number, i: number, value: number): InputValues[] {
  return inputs.map((x, j) => {
    if (j !== k) return x;
    const values = Float64Array.from(x.values);
    values[i] = value;
    return { ...x, values };
  });
}

/**
 * The numerical gradient of `loss` with respect to each input in `which` (flat, row-major).
 * The step actually taken (`x+h − (x−h)`, after rounding) is the divisor, so rounding of the
 * perturbed point does not bias the result.
 */
export async function numericGradients(
  loss: (inputs: readonly InputValues[]) => Promise<number>,
  inputs: readonly InputValues[],
  which: readonly number[],
  eps: number,
): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (const k of which) {
    const x = inputs[k]!;
    const g = new Float64Array(x.values.length);
    for (let i = 0; i < g.length; i++) {
      const v = x.values[i]!;
      const up = v + eps;
      const down = v - eps;
      const lUp = await loss(withElement(inputs, k, i, up));
      const lDown = await loss(withElement(inputs, k, i, down));
      g[i] = (lUp - lDown) / (up - down);
    }
    out.push(g);
  }
  return out;
}
