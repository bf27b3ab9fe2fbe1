/** `LuongAttention`: Luong et al. (2015)'s multiplicative scores, `qᵀk` ("dot") and `qᵀ W_a k` ("general"). */
import { ArgumentError, matmul, mul, permute, ShapeError, tidy, type Backend, type Generator, type Tensor } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Dense } from '../dense.js';
import { assertPositiveInteger, FLOAT_DTYPES, type FloatDType } from '../options.js';
import { Attention, type AttentionMemory } from './attention.js';

export const LUONG_SCORES = ['dot', 'general'] as const;
export type LuongScore = (typeof LUONG_SCORES)[number];

export interface LuongAttentionOptions {
  /** The decoder state's size (the queries' last dim). */
  readonly querySize: number;
  /** The encoder outputs' size (the values' last dim); must equal querySize for 'dot'. */
  readonly keySize: number;
  /** 'dot': `qᵀk`, no parameters; 'general': `qᵀ W_a k`. */
  readonly score: LuongScore;
  /** Divide the scores by √querySize (Vaswani et al.'s scaling; default false). */
  readonly scale?: boolean;
  /** The dtype of the 'general' weight and of the values and queries accepted. */
  readonly dtype?: FloatDType;
  /** Draws the initial weights (unused by 'dot'). */
  readonly generator: Generator;
  readonly backend?: Backend;
}

/**
 * Luong attention. 'dot' scores `qᵀk` directly (no parameters; querySize must equal keySize);
 * 'general' scores `qᵀ W_a k` with `W_a` the submodule `key`, a Dense keySize → querySize
 * without bias. Either way the key side — `W_a k`, and the 1/√querySize scaling when `scale`
 * is set, which is the same as scaling the scores — is applied once in `prepare`, so each
 * `attend` is one batched matmul `[B, T, Q] · [B, S, Q]ᵀ`. `memory.keys` is `[B, S, querySize]`.
 *
 * @example
 * const attention = new LuongAttention({ querySize: 8, keySize: 6, score: 'general', generator: new Generator(0) });
 * const { context, weights } = attention.call(decoderOutputs, encoderOutputs, [5, 3]); // [T, 2, 8], [5, 2, 6] → [T, 2, 6], [T, 2, 5]
 */
export class LuongAttention extends Attention {
  readonly querySize: number;
  readonly keySize: number;
  readonly score: LuongScore;
  readonly scale: boolean;
  readonly dtype: FloatDType;
  /** `W_a` for 'general' (keys → querySize, no bias); null for 'dot'. */
  readonly key: Dense | null;
  protected readonly layerName = 'LuongAttention';

  constructor({ querySize, keySize, score, scale = false, dtype = 'float32', generator, backend }: LuongAttentionOptions) {
    super();
    assertPositiveInteger('LuongAttention', 'querySize', querySize);
    assertPositiveInteger('LuongAttention', 'keySize', keySize);
    if (!(LUONG_SCORES as readonly string[]).includes(score)) {
      throw new ArgumentError('LuongAttention', 'score', `must be 'dot' or 'general', got ${JSON.stringify(score)}`);
    }
    if (score === 'dot' && querySize !== keySize) {
      throw new ArgumentError('LuongAttention', 'keySize', `${keySize} differs from querySize ${querySize}: the 'dot' score needs equal sizes (use 'general' to learn a map between them)`);
    }
    this.querySize = querySize;
    this.keySize = keySize;
    this.score = score;
    this.scale = scale;
    this.dtype = dtype;
    this.key = score === 'general' ? this.registerModule('key', new Dense({ inFeatures: keySize, outFeatures: querySize, bias: false, dtype, generator, backend })) : null;
  }

  prepare(values: Tensor, lengths?: readonly number[]): AttentionMemory {
    const mask = this.checkValues(values, lengths);
    const keys = tidy(() => {
      const projected = permute(this.key === null ? values : this.key.forward(values), [1, 0, 2]); // [B, S, Q]
      return this.scale ? mul(projected, 1 / Math.sqrt(this.querySize)) : projected;
    });
    return { values, keys, mask };
  }

  protected scores({ keys }: AttentionMemory, queries: Tensor): Tensor {
    if (keys.rank !== 3 || keys.shape[2] !== this.querySize) {
      throw new ShapeError('LuongAttention.attend', [keys.shape], `memory.keys must be [B, S, querySize] = [B, S, ${this.querySize}]; make the memory with this layer's prepare`);
    }
    return matmul(queries, keys, { transposeB: true }); // [B, T, Q] · [B, Q, S] = [B, T, S]
  }

  toConfig(): ModuleConfig {
    const { querySize, keySize, score, scale, dtype } = this;
    return { type: 'LuongAttention', options: { querySize, keySize, score, scale, dtype } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): LuongAttention {
    return new LuongAttention({
      querySize: options.integer('querySize', { min: 1 }),
      keySize: options.integer('keySize', { min: 1 }),
      score: options.oneOf('score', LUONG_SCORES),
      scale: options.boolean('scale'),
      dtype: options.oneOf('dtype', FLOAT_DTYPES),
      ...context,
    });
  }
}
