/** Test support: a tiny quadratic to optimise, and its steps read back as plain numbers. */
import { fromArray, mul, square, sum, tidy, variable, variableGrads, type Variable } from '@rnn/tensor';
import type { Optimizer } from './optimizer.js';

/** Curvatures of the test loss `f(x) = ½ Σ aᵢ xᵢ²`, whose gradient is `aᵢ xᵢ`. */
export const CURVATURE = [1, 3, 0.5];
export const START = [1, -2, 0.25];

export const quadraticParameter = (start: readonly number[] = START): Variable =>
  variable(fromArray(new Float64Array(start)), { name: 'x' });

/** One optimizer step on the quadratic. */
export function stepQuadratic(optimizer: Optimizer, x: Variable): void {
  tidy(() => {
    const { grads } = variableGrads(() => mul(sum(mul(square(x), fromArray(new Float64Array(CURVATURE)))), 0.5), [x]);
    optimizer.step(grads);
  });
}

/** The parameter after each of `steps` steps. */
export function trajectory(optimizer: Optimizer, x: Variable, steps: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    stepQuadratic(optimizer, x);
    out.push([...x.dataSync()]);
  }
  return out;
}

/** The same trajectory from a reference update written in plain JS (one element at a time). */
export function referenceTrajectory<S>(
  init: () => S,
  update: (x: number, g: number, state: S, step: number) => number,
  steps: number,
): number[][] {
  const states = START.map(init);
  const x = [...START];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < x.length; i++) x[i] = update(x[i]!, CURVATURE[i]! * x[i]!, states[i]!, t);
    out.push([...x]);
  }
  return out;
}

/** Largest absolute difference between two trajectories. */
export function maxDifference(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let worst = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (b[i]?.[j] ?? Number.NaN)))));
  });
  return worst;
}
