/**
 * Typed reads from a Keras config object (config.json, the `model_config` attribute, one
 * layer's `config`): every wrong or missing field is a {@link KerasFormatError} naming the
 * layer and the field, never a TypeError later on.
 */
import { KerasFormatError } from '../errors.js';

export class ConfigFields {
  /** @param location the layer name or file part errors name */
  private constructor(
    readonly location: string,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** `value` as a config object; anything else (an array, a string, null) is an error. */
  static of(location: string, value: unknown): ConfigFields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new KerasFormatError(location, `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
    }
    return new ConfigFields(location, value as Record<string, unknown>);
  }

  /** Parses JSON text (config.json, model_config) into a config object. */
  static parse(location: string, text: string): ConfigFields {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new KerasFormatError(location, `is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    return ConfigFields.of(location, value);
  }

  /** The raw value, undefined when absent. */
  get(key: string): unknown {
    return Object.hasOwn(this.fields, key) ? this.fields[key] : undefined;
  }

  string(key: string): string {
    const value = this.get(key);
    if (typeof value !== 'string') throw this.#wrong(key, 'a string', value);
    return value;
  }

  /** A string, or `fallback` when the key is absent or null. */
  stringOr(key: string, fallback: string): string {
    const value = this.get(key);
    return value === undefined || value === null ? fallback : this.string(key);
  }

  /** A boolean, or `fallback` when absent. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw this.#wrong(key, 'a boolean', value);
    return value;
  }

  /** A finite number in [min, max], or `fallback` when absent. */
  number(key: string, fallback: number, { min = -Infinity, max = Infinity } = {}): number {
    const value = this.get(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw this.#wrong(key, `a number in [${min}, ${max}]`, value);
    return value;
  }

  /** An integer ≥ 1 (units, vocabulary sizes). */
  positiveInteger(key: string): number {
    const value = this.get(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw this.#wrong(key, 'an integer ≥ 1', value);
    return value;
  }

  object(key: string): ConfigFields {
    const value = this.get(key);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.#wrong(key, 'an object', value);
    return new ConfigFields(this.location, value as Record<string, unknown>);
  }

  array(key: string): readonly unknown[] {
    const value = this.get(key);
    if (!Array.isArray(value)) throw this.#wrong(key, 'an array', value);
    return value;
  }

  #wrong(key: string, expected: string, value: unknown): KerasFormatError {
    const shown = value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 80);
    return new KerasFormatError(this.location, `config field '${key}' must be ${expected}, got ${shown}`);
  }
}
