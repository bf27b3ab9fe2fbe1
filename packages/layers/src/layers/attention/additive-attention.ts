/** `AdditiveAttention`: Bahdanau et al. (2015)'s "concat" score, `vᵀ tanh(W_q q + W_k k + b)`. */
import { add, expandDims, matmul, permute, ShapeError, tanh, tidy, uniform, type Backend, type Generator, type Tensor, type Variable } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Dense } from '../dense.js';
import { assertPositiveInteger, FLOAT_DTYPES, type FloatDType } from '../options.js';
import { Attention, type AttentionMemory } from './attention.js';

export interface AdditiveAttentionOptions {
  /** The decoder state's size (the queries' last dim). */
  readonly querySize: number;
  /** The encoder outputs' size (the values' last dim). */
  readonly keySize: number;
  /** The hidden size of the score's one-layer network. */
  readonly units: number;
  readonly dtype?: FloatDType;
  /** Draws the initial weights. */
  readonly generator: Generator;
  readonly backend?: Backend;
}

/**
 * Bahdanau attention: `score(q, k_s) = vᵀ tanh(W_q q + W_k k_s + b)`. The key half `W_k k + b`
 * (submodule `key`, a Dense keySize → units with bias) does not depend on the query, so
 * `prepare` computes it once per source; each `attend` projects only the queries (submodule
 * `query`, a Dense querySize → units without bias: one bias is enough) and scores all T × S
 * pairs by broadcasting `[B, T, 1, U] + [B, 1, S, U]`. `memory.keys` is `[B, S, units]`.
 *
 * @example
 * const attention = new AdditiveAttention({ querySize: 8, keySize: 6, units: 10, generator: new Generator(0) });
 * const memory = attention.prepare(encoderOutputs, [5, 3]); // values [S = 5, B = 2, 6]
 * const { context, weights } = attention.attend(memory, decoderState); // [1, 2, 8] → context [1, 2, 6], weights [1, 2, 5]
 * dispose([memory.keys, memory.mask]); // the values stay the caller's
 */
export class AdditiveAttention extends Attention {
  readonly querySize: number;
  readonly keySize: number;
  readonly units: number;
  readonly dtype: FloatDType;
  /** `W_q`: queries → units, no bias. */
  readonly query: Dense;
  /** `W_k` and `b`: keys → units. */
  readonly key: Dense;
  /** `[units]`: scores the tanh layer. */
  readonly v: Variable;
  protected readonly layerName = 'AdditiveAttention';

  constructor({ querySize, keySize, units, dtype = 'float32', generator, backend }: AdditiveAttentionOptions) {
    super();
    assertPositiveInteger('AdditiveAttention', 'querySize', querySize);
    assertPositiveInteger('AdditiveAttention', 'keySize', keySize);
    assertPositiveInteger('AdditiveAttention', 'units', units);
    this.querySize = querySize;
    this.keySize = keySize;
    this.units = units;
    this.dtype = dtype;
    this.query = this.registerModule('query', new Dense({ inFeatures: querySize, outFeatures: units, bias: false, dtype, generator, backend }));
    this.key = this.registerModule('key', new Dense({ inFeatures: keySize, outFeatures: units, bias: true, dtype, generator, backend }));
    // v is the weight of a units → 1 linear layer, so it gets that layer's U(±1/√fanIn) init.
    const bound = 1 / Math.sqrt(units);
    this.v = this.registerParameter('v', uniform([units], { generator, low: -bound, high: bound, dtype, backend }));
  }

  prepare(values: Tensor, lengths?: readonly number[]): AttentionMemory {
    const mask = this.checkValues(values, lengths);
    const keys = tidy(() => permute(this.key.forward(values), [1, 0, 2])); // [S, B, U] → [B, S, U]
    return { values, keys, mask };
  }

  protected scores({ keys }: AttentionMemory, queries: Tensor): Tensor {
    if (keys.rank !== 3 || keys.shape[2] !== this.units) {
      throw new ShapeError('AdditiveAttention.attend', [keys.shape], `memory.keys must be [B, S, units] = [B, S, ${this.units}]; make the memory with this layer's prepare`);
    }
    return tidy(() => {
      const q = expandDims(this.query.forward(queries), 2); // [B, T, 1, U]
      const hidden = tanh(add(q, expandDims(keys, 1))); // [B, T, S, U]
      return matmul(hidden, this.v); // [B, T, S]
    });
  }

  toConfig(): ModuleConfig {
    const { querySize, keySize, units, dtype } = this;
    return { type: 'AdditiveAttention', options: { querySize, keySize, units, dtype } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): AdditiveAttention {
    return new AdditiveAttention({
      querySize: options.integer('querySize', { min: 1 }),
      keySize: options.integer('keySize', { min: 1 }),
      units: options.integer('units', { min: 1 }),
      dtype: options.oneOf('dtype', FLOAT_DTYPES),
      ...context,
    });
  }
}
