/**
 * The errors this package throws on purpose. Each extends `RnnError` (from @rnn/tensor), so
 * one `catch (e) { if (e instanceof RnnError) … }` covers the whole library, and each carries
 * the data a caller needs to act on it.
 */
import { RnnError, type Shape } from '@rnn/tensor';

const fmt = (shape: Shape): string => `[${shape.join(', ')}]`;
const quoted = (keys: readonly string[]): string => keys.map((k) => `'${k}'`).join(', ');

/** A state-dict entry whose shape differs from the parameter it would replace. */
export interface ShapeMismatch {
  readonly key: string;
  /** The parameter's shape. */
  readonly expected: Shape;
  /** The shape found in the state dict. */
  readonly actual: Shape;
}

/**
 * `loadStateDict` refused a state dict. Nothing was assigned: loading validates every key
 * before it writes any parameter.
 */
export class StateDictError extends RnnError {
  override name = 'StateDictError';
  constructor(
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly mismatched: readonly ShapeMismatch[],
  ) {
    const problems = [
      ...(missing.length > 0 ? [`missing keys ${quoted(missing)}`] : []),
      ...(unexpected.length > 0 ? [`unexpected keys ${quoted(unexpected)}`] : []),
      ...mismatched.map((m) => `shape mismatch for '${m.key}': the parameter is ${fmt(m.expected)}, the state dict has ${fmt(m.actual)}`),
    ];
    super(`loadStateDict: ${problems.join('; ')}. Nothing was loaded.`);
  }
}

/**
 * A malformed or hostile safetensors file. `offset` is the byte position in the file where the
 * problem was found, `tensor` the entry it concerns; at least one of them is set.
 */
export class SafetensorsError extends RnnError {
  override name = 'SafetensorsError';
  readonly offset: number | undefined;
  readonly tensor: string | undefined;

  constructor(
    readonly detail: string,
    location: { readonly offset?: number; readonly tensor?: string },
  ) {
    const where = [
      ...(location.tensor !== undefined ? [`tensor '${location.tensor}'`] : []),
      ...(location.offset !== undefined ? [`byte ${location.offset}`] : []),
    ];
    super(`safetensors: ${detail} (${where.join(', ')})`);
    this.offset = location.offset;
    this.tensor = location.tensor;
  }
}

/**
 * A module config that cannot be rebuilt: not the expected shape, an unknown module type, or an
 * option of the wrong kind. `path` names the offending value, e.g. `config.options.layers[1].type`.
 */
export class ConfigError extends RnnError {
  override name = 'ConfigError';
  constructor(
    readonly path: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`model config: ${path} ${detail}`, options);
  }
}
