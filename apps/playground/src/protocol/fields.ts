/**
 * Reading one field of an untrusted message: each reader checks the value at `path` and throws a
 * {@link ProtocolError} naming that path, so every check in parse.ts is one line.
 */
import { ProtocolError } from './protocol-error.js';

export type Fields = Readonly<Record<string, unknown>>;

/** A plain object with exactly `keys` (the ones marked optional may be absent); others are refused. */
export function record(value: unknown, path: string, keys: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new ProtocolError(path, `an object with ${keys.join(', ')}`, value);
  }
  const fields = value as Fields;
  for (const key of Object.keys(fields)) {
    if (!keys.includes(key)) throw new ProtocolError(`${path}.${key}`, `absent (${path} has ${keys.join(', ')})`, fields[key]);
  }
  return fields;
}

export function oneOf<T extends string>(value: unknown, path: string, names: readonly T[]): T {
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) throw new ProtocolError(path, `one of ${names.join(', ')}`, value);
  return value as T;
}

export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new ProtocolError(path, `an integer in [${min}, ${max}]`, value);
  return value;
}

/** A finite number with `value > min` (exclusive) or `value ≥ min` (inclusive), below `below` when given. */
export function number(value: unknown, path: string, { min, exclusive, below }: { min: number; exclusive: boolean; below?: number }): number {
  const lower = exclusive ? `> ${min}` : `≥ ${min}`;
  const expected = below === undefined ? `a finite number ${lower}` : `a number in ${exclusive ? '(' : '['}${min}, ${below})`;
  if (typeof value !== 'number' || !Number.isFinite(value) || (exclusive ? value <= min : value < min) || (below !== undefined && value >= below)) {
    throw new ProtocolError(path, expected, value);
  }
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ProtocolError(path, 'true or false', value);
  return value;
}

/** A string of `minLength` to `maxLength` characters (code points, as the tokenizer counts them). */
export function string(value: unknown, path: string, { minLength = 0, maxLength = Infinity } = {}): string {
  if (typeof value !== 'string') throw new ProtocolError(path, 'a string', value);
  const length = Array.from(value).length;
  if (length < minLength || length > maxLength) {
    const bounds = maxLength === Infinity ? `at least ${minLength} characters` : `a string of ${minLength} to ${maxLength} characters`;
    throw new ProtocolError(path, bounds, value, `${length} characters`);
  }
  return value;
}

export function stringOrNull(value: unknown, path: string, lengths: { minLength?: number; maxLength?: number } = {}): string | null {
  return value === null ? null : string(value, path, lengths);
}
