/**
 * An ActivationMap as pixels: one per (unit, time step), units as rows and time as columns, as
 * the RGBA bytes `new ImageData(data, cols, rows)` takes, coloured by `colourScale(map.range)`.
 * Values outside the range are clamped to its ends (a relu state can exceed any fixed range).
 */
import type { ActivationMap } from '../protocol/messages.js';
import { colourAt, colourScale } from './colormap.js';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

export function activationPixels({ rows, cols, values, range }: ActivationMap): Pixels {
  if (values.length !== rows * cols) throw new RangeError(`an activation map of ${rows} × ${cols} needs ${rows * cols} values; got ${values.length}`);
  const { kind, low, high } = colourScale(range);
  const data = new Uint8ClampedArray(rows * cols * 4);
  values.forEach((value, i) => {
    data.set(colourAt(kind, (value - low) / (high - low)), i * 4);
    data[i * 4 + 3] = 255;
  });
  return { width: cols, height: rows, data };
}
