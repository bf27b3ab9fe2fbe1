/**
 * `--config file.json`: the train options as a JSON object, keyed by their names in camelCase
 * (`"seqLen": 100`) or as flags (`"seq-len": 100`). Flags given on the command line override the
 * file; an unknown key is an error naming it, so a typo never trains with a default silently.
 * Paths in the file (`data`, `out`) are relative to the file's folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { CliError, fileError } from '../errors.js';
import { parseJsonValue, TRAIN_OPTIONS } from './train-options.js';

/** Keys a config file may set besides the train options. */
const RUN_KEYS = ['out'] as const;
const PATH_KEYS = new Set(['data', 'out']);

export function readConfigFile(path: string): Readonly<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fileError('config file', path, e, 'check the --config path');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError(`config file '${path}' is not valid JSON (${(e as Error).message})`, 'fix the file');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`config file '${path}' must hold a JSON object of options`, 'e.g. { "hidden": 256, "steps": 5000 }');
  }
  return parsed as Record<string, unknown>;
}

/** `Expected a number.` → `expected a number` */
export const lowerFirst = (message: string): string => message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');

const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Sets the file's values on `command`, except where a flag was given; returns the keys it set. */
export function applyConfigFile(command: Command, path: string): Set<string> {
  const file = readConfigFile(path);
  const known = [...TRAIN_OPTIONS.map((o) => o.key as string), ...RUN_KEYS];
  const applied = new Set<string>();
  for (const [name, value] of Object.entries(file)) {
    const key = camelCase(name);
    if (!known.includes(key)) {
      const near = closest(key, known);
      throw new CliError(`config file '${path}': unknown key '${name}'`, near === undefined ? `known keys: ${known.join(', ')}` : `did you mean '${near}'?`);
    }
    if (command.getOptionValueSource(key) === 'cli') continue;
    command.setOptionValueWithSource(key, parseValue(key, name, value, path), 'config');
    applied.add(key);
  }
  return applied;
}

function parseValue(key: string, name: string, value: unknown, path: string): unknown {
  const where = `config file '${path}': '${name}' is ${JSON.stringify(value)}`;
  if (PATH_KEYS.has(key)) {
    if (typeof value !== 'string') throw new CliError(`${where}: expected a path`);
    return resolve(dirname(path), value);
  }
  try {
    return parseJsonValue(TRAIN_OPTIONS.find((o) => o.key === key)!, value);
  } catch (e) {
    if (e instanceof CommanderError) throw new CliError(`${where}: ${lowerFirst(e.message)}`);
    throw e;
  }
}

/** The known key within edit distance 2 of `key`, if any: the likely typo. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: [string, number] | undefined;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d <= 2 && (best === undefined || d < best[1])) best = [k, d];
  }
  return best?.[0];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
