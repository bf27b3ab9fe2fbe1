/**
 * A strict JSON parser (RFC 8259) that reads UTF-8 bytes, for untrusted safetensors headers.
 * Unlike `JSON.parse` it refuses duplicate keys (which `JSON.parse` resolves silently to the
 * last one: two tensors under one name), caps nesting (a header of ten thousand `[` cannot
 * exhaust the stack) and reports every error with its byte offset in the file. It runs in time
 * linear in the header and allocates nothing beyond the values it returns.
 */
import { SafetensorsError } from '../errors.js';
import type { JsonValue } from '../json.js';

/** A real header nests three levels (header → entry → shape); anything past this is hostile. */
const MAX_DEPTH = 8;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isWhitespace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** Parses `bytes[start, end)` as one JSON value, surrounded by optional whitespace. */
export function parseJsonBytes(bytes: Uint8Array, start: number, end: number): JsonValue {
  return new Parser(bytes, start, end).document();
}

class Parser {
  #pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.#pos = start;
  }

  document(): JsonValue {
    this.#skipWhitespace();
    const value = this.#value(0);
    this.#skipWhitespace();
    if (this.#pos < this.end) this.#fail('unexpected data after the JSON value');
    return value;
  }

  #value(depth: number): JsonValue {
    const b = this.#peek();
    if (b === undefined) this.#fail('unexpected end of the header');
    if (b === 0x7b) return this.#object(depth + 1);
    if (b === 0x5b) return this.#array(depth + 1);
    if (b === QUOTE) return this.#string();
    if (b === 0x74) return this.#literal('true', true);
    if (b === 0x66) return this.#literal('false', false);
    if (b === 0x6e) return this.#literal('null', null);
    if (b === MINUS || isDigit(b)) return this.#number();
    return this.#fail(`unexpected byte 0x${b.toString(16).padStart(2, '0')}`);
  }

  #object(depth: number): JsonValue {
    this.#enter(depth);
    const entries = new Map<string, JsonValue>();
    if (this.#closes(0x7d)) return Object.fromEntries(entries);
    for (;;) {
      this.#skipWhitespace();
      const keyOffset = this.#pos;
      if (this.#peek() !== QUOTE) this.#fail('expected a string key');
      const key = this.#string();
      if (entries.has(key)) this.#fail(`duplicate key '${key}'`, keyOffset);
      this.#skipWhitespace();
      this.#expect(COLON, "':'");
      this.#skipWhitespace();
      entries.set(key, this.#value(depth));
      // Object.fromEntries defines own properties, so a key named "__proto__" stays a key.
      if (this.#listContinues(0x7d, "',' or '}'")) continue;
      return Object.fromEntries(entries);
    }
  }

  #array(depth: number): JsonValue {
    this.#enter(depth);
    const items: JsonValue[] = [];
    if (this.#closes(0x5d)) return items;
    for (;;) {
      this.#skipWhitespace();
      items.push(this.#value(depth));
      if (this.#listContinues(0x5d, "',' or ']'")) continue;
      return items;
    }
  }

  /** Consumes the opening bracket, checking the depth first. */
  #enter(depth: number): void {
    if (depth > MAX_DEPTH) this.#fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.#pos++;
  }

  /** After an opening bracket: consumes `close` (an empty container) if it comes next. */
  #closes(close: number): boolean {
    this.#skipWhitespace();
    if (this.#peek() !== close) return false;
    this.#pos++;
    return true;
  }

  /** After an item: true past a comma, false past `close`. */
  #listContinues(close: number, expected: string): boolean {
    this.#skipWhitespace();
    const b = this.#peek();
    if (b === COMMA || b === close) this.#pos++;
    if (b === COMMA) return true;
    if (b === close) return false;
    return this.#fail(`expected ${expected}`);
  }

  #string(): string {
    const open = this.#pos++;
    let text = '';
    let run = this.#pos;
    for (;;) {
      const b = this.#peek();
      if (b === undefined) this.#fail('unterminated string', open);
      if (b === QUOTE || b === BACKSLASH) {
        text += this.#decode(run, this.#pos);
        if (b === QUOTE) {
          this.#pos++;
          return text;
        }
        text += this.#escape();
        run = this.#pos;
      } else if (b < 0x20) {
        this.#fail('control character in a string');
      } else {
        this.#pos++;
      }
    }
  }

  /** At a backslash: consumes one escape sequence and returns the text it stands for. */
  #escape(): string {
    const at = this.#pos;
    const letter = String.fromCharCode(this.bytes[at + 1] ?? 0);
    const simple = Object.hasOwn(ESCAPES, letter) && at + 1 < this.end ? ESCAPES[letter] : undefined;
    if (simple !== undefined) {
      this.#pos += 2;
      return simple;
    }
    if (letter === 'u' && at + 6 <= this.end) {
      const hex = String.fromCharCode(...this.bytes.subarray(at + 2, at + 6));
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.#pos += 6;
        // Lone surrogates are valid JSON and valid JavaScript strings; they pass through.
        return String.fromCharCode(parseInt(hex, 16));
      }
    }
    return this.#fail('invalid escape sequence');
  }

  #number(): number {
    const start = this.#pos;
    if (this.#peek() === MINUS) this.#pos++;
    // JSON forbids leading zeros: "0" stands alone, other integers start with 1–9.
    if (this.#peek() === 0x30) this.#pos++;
    else this.#digits();
    if (this.#peek() === DOT) {
      this.#pos++;
      this.#digits();
    }
    const e = this.#peek();
    if (e === 0x65 || e === 0x45) {
      this.#pos++;
      const sign = this.#peek();
      if (sign === PLUS || sign === MINUS) this.#pos++;
      this.#digits();
    }
    return Number(this.#decode(start, this.#pos));
  }

  /** One or more decimal digits. */
  #digits(): void {
    if (!isDigit(this.#peek())) this.#fail('invalid number');
    while (isDigit(this.#peek())) this.#pos++;
  }

  #literal(word: string, value: JsonValue): JsonValue {
    for (let i = 0; i < word.length; i++) {
      if (this.#peek() !== word.charCodeAt(i)) this.#fail(`invalid literal (expected ${word})`);
      this.#pos++;
    }
    return value;
  }

  #expect(byte: number, what: string): void {
    if (this.#peek() !== byte) this.#fail(`expected ${what}`);
    this.#pos++;
  }

  #skipWhitespace(): void {
    while (isWhitespace(this.#peek())) this.#pos++;
  }

  #peek(): number | undefined {
    return this.#pos < this.end ? this.bytes[this.#pos] : undefined;
  }

  #decode(from: number, to: number): string {
    try {
      return utf8.decode(this.bytes.subarray(from, to));
    } catch {
      return this.#fail('invalid UTF-8', from);
    }
  }

  #fail(detail: string, offset = this.#pos): never {
    throw new SafetensorsError(`header JSON: ${detail}`, { offset });
  }
}
