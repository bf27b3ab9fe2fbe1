import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { resolveTrainOptions, resumedConfig } from './resolve-train.js';
import { addTrainOptions } from './train-options.js';

function parse(args: readonly string[]): Command {
  const command = addTrainOptions(new Command('train')).exitOverride();
  command.parse([...args], { from: 'user' });
  return command;
}

function configFile(contents: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-config-'));
  const path = join(dir, 'run.json');
  writeFileSync(path, JSON.stringify(contents));
  return path;
}

describe('train options', () => {
  it("default to the reference char-LM's configuration", () => {
    const { config } = resolveTrainOptions(parse([]));
    expect(config).toMatchObject({ cell: 'lstm', layers: 2, hidden: 128, seqLen: 50, batch: 50, optimizer: 'adam', lr: 2e-3, clip: 5, steps: 2000 });
  });

  it('take a JSON config file in camelCase or flag spelling, with flags overriding it', () => {
    const path = configFile({ hidden: 64, 'seq-len': 20, seqLen: 25, lr: '1e-3', data: 'text.txt' });
    const { config, explicit } = resolveTrainOptions(parse(['--config', path, '--hidden', '32']));
    expect(config.hidden).toBe(32);
    expect(config.seqLen).toBe(25);
    expect(config.lr).toBe(1e-3);
    expect(config.data).toBe(join(path, '..', 'text.txt')); // relative to the file
    expect([...explicit].sort()).toEqual(['data', 'hidden', 'lr', 'seqLen']);
  });

  it('refuse an unknown key in the config file, naming it and the likely key', () => {
    const path = configFile({ hiden: 64 });
    expect(() => resolveTrainOptions(parse(['--config', path]))).toThrow(new CliError(`config file '${path}': unknown key 'hiden'`, "did you mean 'hidden'?"));
  });

  it('check config file values with the flags’ own parsers', () => {
    const path = configFile({ batch: 0 });
    expect(() => resolveTrainOptions(parse(['--config', path]))).toThrow("'batch' is 0: expected a positive integer");
    expect(() => resolveTrainOptions(parse(['--config', configFile({ bidirectional: 'yes' })]))).toThrow(`'bidirectional' is "yes": expected true or false`);
  });

  it('refuse --steps with --epochs', () => {
    expect(() => resolveTrainOptions(parse(['--steps', '10', '--epochs', '2']))).toThrow('--steps and --epochs both set how long to train');
  });

  it('resume with the saved configuration, where only steps and logging may change', () => {
    const saved = resolveTrainOptions(parse(['--hidden', '16', '--steps', '10'])).config;
    const resumed = resumedConfig(saved, resolveTrainOptions(parse(['--resume', '--steps', '20', '--log-every', '5'])));
    expect(resumed).toMatchObject({ hidden: 16, steps: 20, logEvery: 5 });
    expect(() => resumedConfig(saved, resolveTrainOptions(parse(['--resume', '--hidden', '32'])))).toThrow("--hidden 32 differs from the checkpoint's 16");
  });
});
