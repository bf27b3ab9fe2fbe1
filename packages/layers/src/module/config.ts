/** Module configs: the JSON form of an architecture, and typed, checked access to its options. */
import type { Backend, Generator } from '@rnn/tensor';
import { ConfigError } from '../errors.js';
import type { JsonObject, JsonValue } from '../json.js';
import type { Module } from './module.js';

/** What `toConfig()` returns: a registered `type` and the JSON `options` that rebuild it. */
export type ModuleConfig = { readonly type: string; readonly options: JsonObject };

/** What rebuilding a module needs besides its config. */
export interface BuildContext {
  /** Draws the initial weights (which loading then overwrites) and dropout masks. */
  readonly generator: Generator;
  /** Where parameters live (default: the current backend). */
  readonly backend?: Backend;
}

const show = (value: JsonValue): string => JSON.stringify(value);

/**
 * The `options` of one config, as a `fromConfig` function reads them. Each getter checks the
 * kind and range of its value and throws a {@link ConfigError} naming its full path
 * (`config.options.layers[1].options.outFeatures`); options nobody read are an error too, so a
 * config written by a newer version never loads with a setting silently dropped.
 */
export class ConfigReader {
  readonly #options: JsonObject;
  readonly #read = new Set<string>();
  readonly #buildChild: (config: unknown, path: string) => Module;

  constructor(
    options: JsonObject,
    readonly path: string,
    buildChild: (config: unknown, path: string) => Module,
  ) {
    this.#options = options;
    this.#buildChild = buildChild;
  }

  /**
   * Whether the config holds `key`. For an option added after configs were first saved: its
   * absence means the default it had before, so older files still load.
   */
  has(key: string): boolean {
    return Object.hasOwn(this.#options, key);
  }

  /** An integer ≥ `min` (default 0). */
  integer(key: string, { min = 0 } = {}): number {
    const value = this.#get(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new ConfigError(this.#pathOf(key), `must be an integer ≥ ${min}, got ${show(value)}`);
    }
    return value;
  }

  /** `null`, or an integer ≥ `min` (default 0). */
  integerOrNull(key: string, { min = 0 } = {}): number | null {
    return this.#get(key) === null ? null : this.integer(key, { min });
  }

  /** A finite number in `[min, max]`. */
  number(key: string, { min, max }: { readonly min: number; readonly max: number }): number {
    const value = this.#get(key);
    if (typeof value !== 'number' || !(value >= min && value <= max)) {
      throw new ConfigError(this.#pathOf(key), `must be a number in [${min}, ${max}], got ${show(value)}`);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.#get(key);
    if (typeof value !== 'boolean') throw new ConfigError(this.#pathOf(key), `must be true or false, got ${show(value)}`);
    return value;
  }

  /** `null`, or a number in `[min, max]`. */
  numberOrNull(key: string, range: { readonly min: number; readonly max: number }): number | null {
    return this.#get(key) === null ? null : this.number(key, range);
  }

  /** One of the strings in `allowed`. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.#get(key);
    const found = allowed.find((option) => option === value);
    if (found === undefined) {
      throw new ConfigError(this.#pathOf(key), `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`);
    }
    return found;
  }

  /** An array of integers ≥ `min` (default 0). */
  integers(key: string, { min = 0 } = {}): number[] {
    const value = this.#get(key);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) {
      throw new ConfigError(this.#pathOf(key), `must be an array of integers ≥ ${min}, got ${show(value)}`);
    }
    return value as number[];
  }

  /** An array of strings. */
  strings(key: string): string[] {
    const value = this.#get(key);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(this.#pathOf(key), `must be an array of strings, got ${show(value)}`);
    return value;
  }

  /** `null`, or a child module built from the nested config under `key`. */
  moduleOrNull(key: string): Module | null {
    return this.#get(key) === null ? null : this.module(key);
  }

  /** A child module, built from the nested config under `key`. */
  module(key: string): Module {
    return this.#buildChild(this.#get(key), this.#pathOf(key));
  }

  /** Child modules, built from an array of nested configs under `key`. */
  modules(key: string): Module[] {
    const value = this.#get(key);
    if (!Array.isArray(value)) throw new ConfigError(this.#pathOf(key), `must be an array of module configs, got ${show(value)}`);
    return value.map((child, i) => this.#buildChild(child, `${this.#pathOf(key)}[${i}]`));
  }

  /** Throws if the config holds an option no getter asked for. */
  rejectUnknownOptions(): void {
    const unknown = Object.keys(this.#options).filter((key) => !this.#read.has(key));
    if (unknown.length > 0) throw new ConfigError(this.#pathOf(unknown[0]!), 'is not an option of this module type');
  }

  #get(key: string): JsonValue {
    this.#read.add(key);
    const value = Object.hasOwn(this.#options, key) ? this.#options[key] : undefined;
    if (value === undefined) throw new ConfigError(this.#pathOf(key), 'is missing');
    return value;
  }

  #pathOf(key: string): string {
    return `${this.path}.${key}`;
  }
}
