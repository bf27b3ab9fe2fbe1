/** The README documents the program that exists: every flag it names is an option of a command. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from './program.js';
import { TRAIN_OPTIONS } from './options/train-options.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('names only flags that some command has', () => {
    const program = createProgram();
    const flags = new Set([...program.options, ...program.commands.flatMap((c) => c.options)].map((o) => o.long));
    // Not rnn's: a placeholder, the typo in the error example, node's and tsc's flags.
    for (const other of ['--help', '--flag', '--hiden', '--import', '--noEmit']) flags.add(other);
    const named = new Set([...readme.matchAll(/(?<![\w-])--[a-zA-Z][a-zA-Z0-9-]*/g)].map(([flag]) => flag));
    expect([...named].filter((flag) => !flags.has(flag))).toEqual([]);
  });

  it('documents every train option and every config-file key', () => {
    for (const { flags, key } of TRAIN_OPTIONS) {
      expect(readme).toContain(`\`${flags.split(' ')[0]!}`);
      expect(readme).toContain(`\`${key}\``);
    }
  });
});
