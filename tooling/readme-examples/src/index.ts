/**
 * A package's README examples are part of its API documentation, so they run as tests: each
 * ```ts block is executed against the workspace sources (imports of the named packages are
 * rewritten to their `src/index.ts`), and every `console.log(…); // expected` line — with its
 * aligned `//` continuation lines — must print exactly what the comment says.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

export interface ReadmeExamplesOptions {
  /** The package folder (holding README.md). */
  readonly packageDir: string;
  /** Package name → source entry the examples' imports of it are rewritten to. */
  readonly sources: Readonly<Record<string, string>>;
}

/** The printed output each `console.log` line documents, in order. */
export function expectedOutputs(code: string): string[] {
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

export function describeReadmeExamples({ packageDir, sources }: ReadmeExamplesOptions): void {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const scratch = join(packageDir, 'node_modules', '.readme-examples');

  describe('README examples', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('has examples to run', () => {
      expect(blocks.length).toBeGreaterThan(0);
    });

    blocks.forEach((code, index) => {
      const firstLine = code.split('\n').find((l) => !l.startsWith('import') && !l.startsWith('  ') && l.trim() !== '') ?? '';
      it(`example ${index + 1} runs and prints what it documents: ${firstLine.slice(0, 60)}`, async () => {
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
}
