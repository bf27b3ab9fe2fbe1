// The README's examples are part of the API documentation, so they run here: each ```ts block
// is executed against the sources, and every `console.log(…); // expected` line (with its `//`
// continuation lines) must print exactly what the comment says.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const packageDir = join(import.meta.dirname, '..');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const scratch = join(packageDir, 'node_modules', '.readme-examples');
const sources = {
  '@rnn/cells': join(packageDir, 'src', 'index.ts'),
  '@rnn/tensor': join(packageDir, '..', 'tensor', 'src', 'index.ts'),
};

/** The printed output each `console.log` line documents, in order. */
function expectedOutputs(code: string): string[] {
  const lines = code.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const match = /console\.log\(.*\);\s*\/\/ (.*)$/.exec(line);
    if (match === null) return;
    const column = line.indexOf('// ', line.indexOf('console.log'));
    const text = [match[1]!];
    for (let j = i + 1; j < lines.length && lines[j]!.indexOf('// ') === column && lines[j]!.slice(0, column).trim() === ''; j++) {
      text.push(lines[j]!.slice(column + 3));
    }
    out.push(text.join('\n'));
  });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  blocks.forEach((code, index) => {
    it(`example ${index + 1} runs and prints what it documents`, async () => {
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `example-${index + 1}.ts`);
      const runnable = Object.entries(sources).reduce((text, [name, path]) => text.replaceAll(`from '${name}'`, `from '${path}'`), code);
      writeFileSync(file, runnable);
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
      await import(/* @vite-ignore */ `${file}?t=${Date.now()}`);
      expect(printed).toEqual(expectedOutputs(code));
    });
  });
});
