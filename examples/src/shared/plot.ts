/**
 * A text plot of one or two series in [−1, 1], one column per step, for a glance at a
 * generated sequence in a terminal: `·` marks the target, `o` the output, `@` where they meet.
 */
export function textPlot(target: readonly number[], output: readonly number[], rows = 11): string {
  const row = (v: number): number => Math.round(((1 - Math.max(-1, Math.min(1, v))) / 2) * (rows - 1));
  const grid = Array.from({ length: rows }, () => new Array<string>(Math.max(target.length, output.length)).fill(' '));
  target.forEach((v, t) => (grid[row(v)]![t] = '·'));
  output.forEach((v, t) => {
    const line = grid[row(v)]!;
    line[t] = line[t] === '·' ? '@' : 'o';
  });
  return grid.map((line) => `|${line.join('')}`).join('\n');
}
