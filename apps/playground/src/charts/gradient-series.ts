/**
 * ∂L_T/∂h_t curves shaped for small multiples on one log scale: values a log axis cannot draw
 * become gaps, and every panel shares a y range of whole decades, so a curve that vanishes looks
 * lower than one that does not, not merely rescaled.
 */
import type { GradientCurve } from '../protocol/messages.js';
import type { Cell } from './decimated-columns.js';

export interface GradientPanels {
  /** Time steps 0 … T−1. */
  readonly steps: readonly number[];
  readonly panels: readonly { readonly label: string; readonly norms: readonly Cell[] }[];
  /** [10^a, 10^b] covering every drawable norm of every curve. */
  readonly range: readonly [number, number];
}

/** The shared range when no curve has a drawable value (all zero: an exactly vanished gradient). */
export const EMPTY_RANGE = [1e-3, 1] as const;

export function gradientPanels(curves: readonly GradientCurve[]): GradientPanels {
  const length = Math.max(0, ...curves.map((curve) => curve.norms.length));
  const panels = curves.map((curve) => ({
    label: curve.label,
    norms: Array.from({ length }, (_, t): Cell => {
      const norm = curve.norms[t];
      return norm !== undefined && Number.isFinite(norm) && norm > 0 ? norm : null;
    }),
  }));
  const drawable = panels.flatMap((panel) => panel.norms.filter((norm): norm is number => norm !== null));
  return { steps: Array.from({ length }, (_, t) => t), panels, range: decadesAround(drawable) };
}

function decadesAround(values: readonly number[]): readonly [number, number] {
  if (values.length === 0) return EMPTY_RANGE;
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(Math.ceil(Math.log10(Math.max(...values))), low + 1);
  return [10 ** low, 10 ** high];
}
