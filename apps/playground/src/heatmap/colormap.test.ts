import { describe, expect, it } from 'vitest';
import { colourAt, colourScale, NAN_COLOUR } from './colormap.js';

describe('colourScale', () => {
  it('is diverging for a range around 0 and sequential for one on one side of it', () => {
    expect(colourScale([-1, 1])).toEqual({ kind: 'diverging', low: -1, high: 1 });
    expect(colourScale([0, 1])).toEqual({ kind: 'sequential', low: 0, high: 1 });
    expect(colourScale([0.5, 3])).toEqual({ kind: 'sequential', low: 0.5, high: 3 });
  });

  it('widens a lopsided range around 0 to be symmetric, so 0 stays in the middle', () => {
    expect(colourScale([-13, 4])).toEqual({ kind: 'diverging', low: -13, high: 13 });
  });
});

describe('colourAt', () => {
  it('is white in the middle of the diverging map, blue below and red above', () => {
    expect(colourAt('diverging', 0.5)).toEqual([247, 247, 247]);
    expect(colourAt('diverging', 0)).toEqual([33, 102, 172]);
    expect(colourAt('diverging', 1)).toEqual([178, 24, 43]);
  });

  it('interpolates between stops', () => {
    expect(colourAt('sequential', 0.125)).toEqual([64, 42, 112]); // halfway from the 1st stop to the 2nd
  });

  it('clamps outside [0, 1] and greys out NaN', () => {
    expect(colourAt('sequential', -3)).toEqual(colourAt('sequential', 0));
    expect(colourAt('sequential', 7)).toEqual([253, 231, 37]);
    expect(colourAt('diverging', Number.NaN)).toEqual(NAN_COLOUR);
  });
});
