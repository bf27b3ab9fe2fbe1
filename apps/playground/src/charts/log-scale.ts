/** A uPlot y scale and axis with logarithmic distribution, for norms spanning many decades. */
import type uPlot from 'uplot';

/**
 * uPlot's `distr` is an ambient const enum, which `isolatedModules` cannot read, and uPlot has no
 * runtime object holding it; 3 is its `Distr.Logarithmic`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const LOGARITHMIC = 3 as uPlot.Scale.Distr;

export function logScale(range?: readonly [number, number]): uPlot.Scale {
  return range === undefined ? { distr: LOGARITHMIC } : { distr: LOGARITHMIC, range: [range[0], range[1]] };
}

/**
 * Tick labels that stay readable many decades down: 0.01 as is, 10⁻⁷ as 1e-7 (uPlot's default
 * shows 0). uPlot passes null for a split it has thinned out, whatever its types say.
 */
export function logAxisValues(_plot: uPlot, splits: readonly (number | null)[]): string[] {
  return splits.map((value) => {
    if (value === null) return '';
    return value >= 0.01 && value < 1e4 ? String(Number(value.toPrecision(2))) : value.toExponential(0);
  });
}

/**
 * Ticks at whole decades of a [10^a, 10^b] range, every k-th decade counting down from the top so
 * that at most `maxTicks` remain: uPlot's own log ticks label every decade, which overlap when a
 * vanishing gradient spans ten of them in a small plot.
 */
export function decadeSplits([low, high]: readonly [number, number], maxTicks: number): number[] {
  const bottom = Math.round(Math.log10(low));
  const top = Math.round(Math.log10(high));
  const stride = Math.max(1, Math.ceil((top - bottom) / Math.max(maxTicks - 1, 1)));
  const splits: number[] = [];
  for (let exponent = top; exponent >= bottom; exponent -= stride) splits.unshift(10 ** exponent);
  return splits;
}
