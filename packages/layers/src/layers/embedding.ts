/** `Embedding`: a lookup table of learned vectors, PyTorch's `nn.Embedding`. */
import {
  arange,
  ArgumentError,
  DTypeError,
  equal,
  expandDims,
  gather,
  normal,
  notEqual,
  stopGradient,
  tidy,
  where,
  type Backend,
  type Generator,
  type Tensor,
  type Variable,
} from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';
import { assertPositiveInteger, FLOAT_DTYPES, type FloatDType } from './options.js';

export interface EmbeddingOptions {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /**
   * A row that starts at zero and never receives a gradient, for padding tokens (default none).
   * Negative values count from the end, as in PyTorch.
   */
  readonly paddingIdx?: number | null;
  readonly dtype?: FloatDType;
  /** Draws the initial weights. */
  readonly generator: Generator;
  readonly backend?: Backend;
}

/**
 * Maps int32 indices of any shape to vectors: `[…]` → `[…, embeddingDim]`. `weight` is
 * `[numEmbeddings, embeddingDim]`, initialised N(0, 1) as in PyTorch. An index outside
 * `[0, numEmbeddings)` throws an ArgumentError naming the value and its position.
 *
 * @example
 * const embed = new Embedding({ numEmbeddings: 100, embeddingDim: 16, paddingIdx: 0, generator: new Generator(0) });
 * embed.forward(fromArray([[5, 7, 0]], { dtype: 'int32' })).shape; // [1, 3, 16]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The padding row, normalised to `[0, numEmbeddings)`, or null. */
  readonly paddingIdx: number | null;
  readonly weight: Variable;

  constructor({ numEmbeddings, embeddingDim, paddingIdx = null, dtype = 'float32', generator, backend }: EmbeddingOptions) {
    super();
    assertPositiveInteger('Embedding', 'numEmbeddings', numEmbeddings);
    assertPositiveInteger('Embedding', 'embeddingDim', embeddingDim);
    if (paddingIdx !== null && !(Number.isInteger(paddingIdx) && paddingIdx >= -numEmbeddings && paddingIdx < numEmbeddings)) {
      throw new ArgumentError('Embedding', 'paddingIdx', `must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${paddingIdx}`);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx !== null && paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    const padding = this.paddingIdx;
    const initial = tidy(() => {
      const weight = normal([numEmbeddings, embeddingDim], { generator, dtype, backend });
      if (padding === null) return weight;
      const isPaddingRow = equal(arange(numEmbeddings, undefined, 1, { backend }), padding);
      return where(expandDims(isPaddingRow, 1), 0, weight);
    });
    this.weight = this.registerParameter('weight', initial);
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new DTypeError('Embedding', [indices.dtype], 'indices must be int32');
    const padding = this.paddingIdx;
    return tidy(() => {
      const rows = gather(this.weight, indices);
      if (padding === null) return rows;
      // PyTorch's padding_idx: the padding row gets no gradient. The values stay what the row
      // holds (zero unless loaded otherwise); only the gradient path is cut at padding positions.
      const isPadding = expandDims(equal(indices, padding), -1);
      return where(isPadding, stopGradient(rows), rows);
    });
  }

  /**
   * The Keras-style mask of a batch of token ids (Keras `mask_zero`, with our padding index):
   * true where a token is not padding. Feed it to a recurrent layer's `call(x, { mask })`.
   */
  computeMask(indices: Tensor): Tensor {
    if (this.paddingIdx === null) throw new ArgumentError('Embedding.computeMask', 'paddingIdx', 'is not set: there is no padding to mask');
    if (indices.dtype !== 'int32') throw new DTypeError('Embedding.computeMask', [indices.dtype], 'indices must be int32');
    return notEqual(indices, this.paddingIdx);
  }

  toConfig(): ModuleConfig {
    const { numEmbeddings, embeddingDim, paddingIdx } = this;
    return { type: 'Embedding', options: { numEmbeddings, embeddingDim, paddingIdx, dtype: this.weight.dtype } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Embedding {
    return new Embedding({
      numEmbeddings: options.integer('numEmbeddings', { min: 1 }),
      embeddingDim: options.integer('embeddingDim', { min: 1 }),
      paddingIdx: options.integerOrNull('paddingIdx'),
      dtype: options.oneOf('dtype', FLOAT_DTYPES),
      ...context,
    });
  }
}
