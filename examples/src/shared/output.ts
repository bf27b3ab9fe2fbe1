/**
 * JSON-lines progress for the examples' command lines: one object per line, machine-readable,
 * with snake_case keys as the PyTorch reference scripts print them (`test_mse`, `train_loss`),
 * so a run and its reference can be read side by side.
 */

/** Rounds to `digits` significant figures, so the lines stay short without hiding small losses. */
export function round(value: number, digits = 4): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]));
}

/** Prints `record` as one JSON line, its camelCase keys written in snake_case. */
export function printJson(record: Readonly<Record<string, unknown>>): void {
  console.log(JSON.stringify(snakeKeys(record)));
}
