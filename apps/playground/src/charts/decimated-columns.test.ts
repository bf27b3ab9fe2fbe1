import { describe, expect, it } from 'vitest';
import { DecimatedColumns } from './decimated-columns.js';

const pushSteps = (rows: DecimatedColumns, count: number): void => {
  for (let step = 1; step <= count; step++) rows.push([step, step * 10]);
};

describe('DecimatedColumns', () => {
  it('keeps every row while there is room', () => {
    const rows = new DecimatedColumns(2, 8);
    pushSteps(rows, 5);
    expect(rows.columns).toEqual([
      [1, 2, 3, 4, 5],
      [10, 20, 30, 40, 50],
    ]);
  });

  it('never holds more than maxRows however many are pushed', () => {
    const rows = new DecimatedColumns(2, 2000);
    for (let count = 0; count < 100_000; count += 997) {
      rows.clear();
      pushSteps(rows, count);
      expect(rows.length).toBeLessThanOrEqual(2000);
    }
  });

  it('thins older rows evenly, keeping the first and the newest', () => {
    const rows = new DecimatedColumns(2, 2000);
    pushSteps(rows, 10_001);
    const steps = rows.columns[0]!;
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(10_001);
    const gaps = new Set(steps.slice(1, -1).map((step, i) => (step ?? 0) - (steps[i] ?? 0)));
    expect([...gaps]).toEqual([8]);
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('keeps the columns of a row together when thinning', () => {
    const rows = new DecimatedColumns(2, 10);
    pushSteps(rows, 37);
    rows.columns[0]!.forEach((step, i) => {
      expect(rows.columns[1]![i]).toBe((step ?? 0) * 10);
    });
  });

  it('starts over after clear', () => {
    const rows = new DecimatedColumns(1, 4);
    pushSteps(rows, 9);
    rows.clear();
    rows.push([42]);
    expect(rows.columns).toEqual([[42]]);
  });
});
