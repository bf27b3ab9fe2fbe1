/** A model's parameters as rows and as the aligned table `rnn info`, `import` and `export` print. */
import type { Module } from '@rnn/layers';
import { formatCount } from './format.js';

export interface ParameterRow {
  readonly name: string;
  readonly shape: readonly number[];
  readonly count: number;
}

export function parameterRows(model: Module): ParameterRow[] {
  return model.namedParameters().map(([name, p]) => ({ name, shape: [...p.shape], count: p.size }));
}

export const totalCount = (rows: readonly ParameterRow[]): number => rows.reduce((n, p) => n + p.count, 0);

/** `parameter shape count` columns, aligned, with a total row. */
export function parameterTable(parameters: readonly ParameterRow[], total: number): string[] {
  const rows = parameters.map((p) => [p.name, p.shape.join('×'), formatCount(p.count)]);
  const table = [['parameter', 'shape', 'count'], ...rows, ['total', '', formatCount(total)]];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}`.trimEnd();
  return table.map(line);
}
