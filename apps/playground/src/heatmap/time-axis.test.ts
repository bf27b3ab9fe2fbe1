import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-axis.js';

/** A monospace font 7 pixels a character. */
const measure = (text: string): number => text.length * 7;

describe('timeTicks', () => {
  it('labels every step with its label when each fits its column, spaces made visible', () => {
    expect(timeTicks(['h', 'i', ' ', '\n'], 10, measure)).toEqual([
      { col: 0, text: 'h' },
      { col: 1, text: 'i' },
      { col: 2, text: '␣' },
      { col: 3, text: '↵' },
    ]);
  });

  it('falls back to round step numbers, not a selection of the labels, when they do not all fit', () => {
    const text = Array.from('to be or not to be, that is the question');
    expect(timeTicks(text, 4, measure)).toEqual([0, 5, 10, 15, 20, 25, 30, 35].map((col) => ({ col, text: String(col) })));
  });

  it('keeps marked steps such as the adding problem’s when they fit', () => {
    expect(timeTicks(['0', '1*', '2'], 20, measure).map(({ text }) => text)).toEqual(['0', '1*', '2']);
  });
});
