/**
 * Which time steps a heatmap or gradient plot labels along its x axis, and with what. Every step
 * gets its own label (the input character, the bit, the marked step) when they all fit; otherwise
 * every k-th step gets its step number — never every k-th label, since every third character of a
 * sentence or bit of a string would read as if it were the input.
 */
import { visibleLabel } from '../ui/visible-label.js';

export interface TimeTick {
  readonly col: number;
  readonly text: string;
}

/** Space kept between neighbouring labels, in pixels. */
const GAP = 3;
/** Step-number spacings, so ticks fall on round numbers. */
const NICE_STRIDES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * @param columnWidth pixels per time step
 * @param measure the width of a text in pixels, as it will be drawn
 */
export function timeTicks(labels: readonly string[], columnWidth: number, measure: (text: string) => number): TimeTick[] {
  const shown = labels.map(visibleLabel);
  if (shown.every((text) => measure(text) + GAP <= columnWidth)) return shown.map((text, col) => ({ col, text }));
  const needed = (measure(String(labels.length - 1)) + 2 * GAP) / columnWidth;
  const stride = NICE_STRIDES.find((candidate) => candidate >= needed) ?? Math.ceil(needed);
  return labels.flatMap((_, col) => (col % stride === 0 ? [{ col, text: String(col) }] : []));
}
