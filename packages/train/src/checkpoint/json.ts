/** Turning user state into metadata JSON without silent changes. */
import { ArgumentError } from '@rnn/tensor';

/**
 * `JSON.stringify(value)`, refusing what JSON would silently change: NaN and ±Infinity (which
 * become `null`), and anything that is not null, a boolean, a string, an array or a plain object
 * (a Map becomes `{}`, a Date a string, a tensor its fields). `undefined` properties are left
 * out, as JSON.stringify leaves them out. `field` names the value in the ArgumentError.
 */
export function jsonText(op: string, field: string, value: unknown): string {
  assertJson(op, field, value, new Set());
  return JSON.stringify(value);
}

function assertJson(op: string, path: string, value: unknown, ancestors: Set<object>): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ArgumentError(op, path, `is ${value}, which JSON cannot store (it would be read back as null)`);
    return;
  }
  if (value === undefined) throw new ArgumentError(op, path, 'is undefined, which JSON cannot store in an array (it would be read back as null)');
  if (typeof value !== 'object') throw new ArgumentError(op, path, `is a ${typeof value}, which JSON cannot store`);
  if (ancestors.has(value)) throw new ArgumentError(op, path, 'refers back to itself; JSON cannot store a cycle');
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      assertJson(op, `${path}[${i}]`, item, ancestors);
    });
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new ArgumentError(op, path, `is a ${kind}; only plain objects, arrays, strings, finite numbers, booleans and null are stored`);
    }
    for (const [key, item] of Object.entries(value)) if (item !== undefined) assertJson(op, `${path}.${key}`, item, ancestors);
  }
  ancestors.delete(value);
}
