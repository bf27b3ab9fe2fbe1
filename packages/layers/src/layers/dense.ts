/** `Dense`: a fully connected layer, PyTorch's `nn.Linear` with a Keras-style activation. */
import { add, matmul, ShapeError, tidy, uniform, type Backend, type Generator, type Tensor, type Variable } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';
import { activate, ACTIVATIONS, type Activation } from './activation.js';
import { assertPositiveInteger, FLOAT_DTYPES, type FloatDType } from './options.js';

export interface DenseOptions {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Applied to the output (default 'linear': none). */
  readonly activation?: Activation;
  readonly dtype?: FloatDType;
  /** Draws the initial weights. */
  readonly generator: Generator;
  readonly backend?: Backend;
}

/**
 * `y = activation(x · weightᵀ + bias)` over the last axis of an input of any rank
 * (`[…, inFeatures]` → `[…, outFeatures]`). `weight` is `[outFeatures, inFeatures]` and `bias`
 * `[outFeatures]`, PyTorch's names and layout, so a `Linear` state dict loads as it is.
 *
 * @example
 * const dense = new Dense({ inFeatures: 4, outFeatures: 2, activation: 'tanh', generator: new Generator(0) });
 * dense.forward(zeros([8, 4])).shape; // [8, 2]
 */
export class Dense extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly activation: Activation;
  readonly weight: Variable;
  readonly bias: Variable | null;

  constructor({ inFeatures, outFeatures, bias = true, activation = 'linear', dtype = 'float32', generator, backend }: DenseOptions) {
    super();
    assertPositiveInteger('Dense', 'inFeatures', inFeatures);
    assertPositiveInteger('Dense', 'outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.activation = activation;
    // PyTorch's default: kaiming_uniform_(a=√5) on the weight, which is U(±1/√fanIn), and the
    // same bound for the bias.
    const bound = 1 / Math.sqrt(inFeatures);
    const init = (shape: number[]): Tensor => uniform(shape, { generator, low: -bound, high: bound, dtype, backend });
    this.weight = this.registerParameter('weight', init([outFeatures, inFeatures]));
    this.bias = bias ? this.registerParameter('bias', init([outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError('Dense', [x.shape, this.weight.shape], `the input's last dim must be inFeatures = ${this.inFeatures}`);
    }
    return tidy(() => {
      const product = matmul(x, this.weight, { transposeB: true });
      return activate(this.activation, this.bias === null ? product : add(product, this.bias));
    });
  }

  toConfig(): ModuleConfig {
    const { inFeatures, outFeatures, activation } = this;
    return { type: 'Dense', options: { inFeatures, outFeatures, bias: this.bias !== null, activation, dtype: this.weight.dtype } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Dense {
    return new Dense({
      inFeatures: options.integer('inFeatures', { min: 1 }),
      outFeatures: options.integer('outFeatures', { min: 1 }),
      bias: options.boolean('bias'),
      activation: options.oneOf('activation', ACTIVATIONS),
      dtype: options.oneOf('dtype', FLOAT_DTYPES),
      ...context,
    });
  }
}
