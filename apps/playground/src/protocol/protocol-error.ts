/** The error a malformed page → worker message raises. */

/**
 * A command that does not match the protocol: `path` names the field (`settings.model.hidden`),
 * the message says what it must be and what it was, so the page's author can fix the sender.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: unknown,
    received: string = describeValue(actual),
  ) {
    super(`${path} must be ${expected}, got ${received}`);
  }
}

/** A short, readable rendering of what was received: `0`, `"lstmm"`, `an object`, `undefined`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'function') return 'a function';
  return 'an object';
}
