import { describe, expect, it } from 'vitest';
import type { ActivationMap } from '../protocol/messages.js';
import { NAN_COLOUR } from './colormap.js';
import { activationPixels } from './shape.js';

const map = (rows: number, cols: number, values: readonly number[], range: readonly [number, number]): ActivationMap => ({
  name: 'h',
  rows,
  cols,
  values: Float32Array.from(values),
  range,
});

const pixel = (data: Uint8ClampedArray, i: number): number[] => [...data.subarray(i * 4, i * 4 + 4)];

describe('activationPixels', () => {
  it('makes one RGBA pixel per unit and step, units as rows and time as columns', () => {
    const pixels = activationPixels(map(2, 3, [0, 0, 0, 0, 0, 0], [-1, 1]));
    expect([pixels.width, pixels.height, pixels.data.length]).toEqual([3, 2, 24]);
  });

  it('colours a tanh range with the diverging map: −1 blue, 0 white, 1 red', () => {
    const { data } = activationPixels(map(1, 3, [-1, 0, 1], [-1, 1]));
    expect(pixel(data, 0)).toEqual([33, 102, 172, 255]);
    expect(pixel(data, 1)).toEqual([247, 247, 247, 255]);
    expect(pixel(data, 2)).toEqual([178, 24, 43, 255]);
  });

  it('colours a gate range with the sequential map, row-major', () => {
    // Row 1 (the second unit), column 0 holds the 1: that is pixel 2 of a 2 × 2 map.
    const { data } = activationPixels(map(2, 2, [0, 0.5, 1, 0], [0, 1]));
    expect(pixel(data, 0)).toEqual([68, 1, 84, 255]);
    expect(pixel(data, 1)).toEqual([33, 145, 140, 255]);
    expect(pixel(data, 2)).toEqual([253, 231, 37, 255]);
  });

  it('keeps 0 white when a range around 0 is lopsided', () => {
    const { data } = activationPixels(map(1, 2, [0, 4], [-4, 2]));
    expect(pixel(data, 0)).toEqual([247, 247, 247, 255]);
    expect(pixel(data, 1)).toEqual([178, 24, 43, 255]);
  });

  it('clamps values outside the range to its ends and shows NaN in grey', () => {
    const { data } = activationPixels(map(1, 3, [-5, 9, Number.NaN], [-1, 1]));
    expect(pixel(data, 0)).toEqual([33, 102, 172, 255]);
    expect(pixel(data, 1)).toEqual([178, 24, 43, 255]);
    expect(pixel(data, 2)).toEqual([...NAN_COLOUR, 255]);
  });

  it('refuses values that do not fill rows × cols', () => {
    expect(() => activationPixels(map(2, 2, [0, 0, 0], [0, 1]))).toThrow('needs 4 values; got 3');
  });
});
