/**
 * `expect` for the page: exactly the matchers the suite uses (grep `.to[A-Z]` under src/), with
 * vitest's semantics — `toBe` is `Object.is`, `toEqual` recurses with `Object.is` at the leaves,
 * ignores properties that are `undefined` and requires both sides to be the same kind of object.
 * Values it cannot compare faithfully (Map, Set, Date, …) throw rather than pass. A matcher the
 * suite starts using that is missing here fails its test with "… is not a function".
 */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

const kindOf = (value: object): string => Object.prototype.toString.call(value);

function show(value: unknown, depth = 0): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof RegExp) return String(value);
  if (depth > 2) return kindOf(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 16).map((v) => show(v, depth + 1));
    const prefix = Array.isArray(value) ? '' : `${value.constructor.name} `;
    return `${prefix}[${shown.join(', ')}${items.length > 16 ? `, … ${items.length - 16} more` : ''}]`;
  }
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${show(v, depth + 1)}`)
    .join(', ')} }`;
}

const definedKeys = (value: object): string[] => Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);

function equals(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (a instanceof Error) return a.message === (b as Error).message;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i += 1) if (!equals(x[i], y[i])) return false;
    return true;
  }
  if (kind !== '[object Object]') throw new Error(`expect (browser shim): toEqual cannot compare ${kind} values`);
  const keys = definedKeys(a);
  const other = definedKeys(b);
  if (keys.length !== other.length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && equals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function thrownBy(fn: () => unknown): { threw: boolean; error: unknown } {
  try {
    fn();
    return { threw: false, error: undefined };
  } catch (error) {
    return { threw: true, error };
  }
}

function matchesThrown(error: unknown, expected: string | RegExp | (abstract new (...args: never[]) => unknown) | undefined): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === 'string') return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  return error instanceof expected;
}

class Assertion {
  constructor(
    private readonly actual: unknown,
    private readonly message: string | undefined,
    private readonly negated = false,
  ) {}

  get not(): Assertion {
    return new Assertion(this.actual, this.message, !this.negated);
  }

  private check(pass: boolean, claim: string): void {
    if (pass === this.negated) {
      const what = `expected ${show(this.actual)} ${this.negated ? 'not ' : ''}${claim}`;
      throw new AssertionError(this.message === undefined ? what : `${this.message}: ${what}`);
    }
  }

  toBe(expected: unknown): void {
    this.check(Object.is(this.actual, expected), `to be ${show(expected)} // Object.is equality`);
  }

  toEqual(expected: unknown): void {
    this.check(equals(this.actual, expected), `to deeply equal ${show(expected)}`);
  }

  toBeNull(): void {
    this.check(this.actual === null, 'to be null');
  }

  toBeGreaterThan(expected: number): void {
    this.check((this.actual as number) > expected, `to be greater than ${show(expected)}`);
  }

  toBeLessThan(expected: number): void {
    this.check((this.actual as number) < expected, `to be less than ${show(expected)}`);
  }

  toBeInstanceOf(expected: abstract new (...args: never[]) => unknown): void {
    this.check(this.actual instanceof expected, `to be an instance of ${expected.name}`);
  }

  toContain(item: unknown): void {
    const actual = this.actual;
    const pass = typeof actual === 'string' ? actual.includes(String(item)) : Array.from(actual as ArrayLike<unknown>).includes(item);
    this.check(pass, `to contain ${show(item)}`);
  }

  toHaveLength(length: number): void {
    this.check((this.actual as { length?: unknown } | null)?.length === length, `to have length ${length}`);
  }

  toThrow(expected?: string | RegExp | (abstract new (...args: never[]) => unknown)): void {
    const { threw, error } = thrownBy(this.actual as () => unknown);
    this.check(threw && matchesThrown(error, expected), `to throw${expected === undefined ? '' : ` ${show(expected)}`}${threw ? ` (it threw ${show(error)})` : ''}`);
  }
}

export const expect = (actual: unknown, message?: string): Assertion => new Assertion(actual, message);
