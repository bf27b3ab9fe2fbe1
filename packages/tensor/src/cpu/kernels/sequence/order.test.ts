import { describe, expect, it } from 'vitest';
import { activeSteps, forEachActive, PAST_LENGTH, stepRows } from './order.js';

/** The time step each entry processes at each step (rows are t·B + b), or null past its length. */
const timeSteps = (rows: Int32Array, batch: number): (number | null)[][] =>
  Array.from({ length: rows.length / batch }, (_, s) =>
    Array.from({ length: batch }, (_, b) => {
      const row = rows[s * batch + b]!;
      return row === PAST_LENGTH ? null : (row - b) / batch;
    }),
  );

describe('the order of the recurrence', () => {
  it('walks every entry forward through all steps without lengths', () => {
    expect(timeSteps(stepRows(3, 2, null, false), 2)).toEqual([[0, 0], [1, 1], [2, 2]]);
  });

  it('starts the reverse direction at each entry’s last valid step', () => {
    expect(timeSteps(stepRows(4, 3, [4, 2, 0], true), 3)).toEqual([
      [3, 1, null],
      [2, 0, null],
      [1, null, null],
      [0, null, null],
    ]);
  });

  it('stops each entry at its length going forward', () => {
    expect(timeSteps(stepRows(3, 2, [1, 3], false), 2)).toEqual([[0, 0], [null, 1], [null, 2]]);
  });

  it('runs only as many steps as the longest entry', () => {
    expect(activeSteps(5, [2, 3, 0])).toBe(3);
    expect(activeSteps(5, null)).toBe(5);
  });

  it('visits the running entries of a step with their rows', () => {
    const visited: [number, number][] = [];
    forEachActive(stepRows(3, 2, [1, 3], true), 2, 1, (b, row) => visited.push([b, row]));
    expect(visited).toEqual([[1, 3]]);
  });
});
