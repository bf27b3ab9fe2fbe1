/**
 * Jordan (1986) networks as a layer: the output, not the hidden layer, is fed back. Not in
 * PyTorch; parameter names follow its style (`weight_ih_l0`, `weight_yh_l0`, `weight_hy_l0`).
 */
import { jordanCell } from '@rnn/cells';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { layerConfig, readLayerConfig, type SequenceLayerOptions } from './layer-config.js';
import { Recurrent } from './recurrent.js';

export interface JordanLayerOptions extends SequenceLayerOptions {
  /** The size of each step's output, the fed-back state (default hiddenSize). */
  readonly outputSize?: number;
  /** The hidden layer's activation (default 'tanh'). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** The output's activation (default 'tanh', bounded so the fed-back loop cannot blow up). */
  readonly outputActivation?: 'tanh' | 'sigmoid' | 'identity';
}

/**
 * Stacked, optionally bidirectional Jordan layers, with every option of the other recurrent
 * layers; `state[0]` is the fed-back output y, `[numLayers·directions, batch, outputSize]`.
 *
 * @example
 * const jordan = new Jordan({ inputSize: 3, hiddenSize: 8, outputSize: 4, generator: new Generator(0) });
 * jordan.forward(zeros([5, 2, 3])).shape; // [5, 2, 4]
 */
export class Jordan extends Recurrent {
  readonly hiddenSize: number;
  readonly jordanOutputSize: number;
  readonly bias: boolean;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly outputActivation: 'tanh' | 'sigmoid' | 'identity';

  constructor(options: JordanLayerOptions) {
    const { hiddenSize, outputSize = hiddenSize, bias = true, nonlinearity = 'tanh', outputActivation = 'tanh' } = options;
    super({ ...options, cell: (inputSize) => jordanCell({ inputSize, hiddenSize, outputSize, bias, nonlinearity, outputActivation }) });
    this.hiddenSize = hiddenSize;
    this.jordanOutputSize = outputSize;
    this.bias = bias;
    this.nonlinearity = nonlinearity;
    this.outputActivation = outputActivation;
  }

  protected override get layerName(): string {
    return 'Jordan';
  }

  override toConfig(): ModuleConfig {
    const { jordanOutputSize: outputSize, nonlinearity, outputActivation } = this;
    return { type: 'Jordan', options: { ...layerConfig(this, this.hiddenSize, this.bias), outputSize, nonlinearity, outputActivation } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Jordan {
    return new Jordan({
      ...readLayerConfig(options, context),
      outputSize: options.integer('outputSize', { min: 1 }),
      nonlinearity: options.oneOf('nonlinearity', ['tanh', 'relu'] as const),
      outputActivation: options.oneOf('outputActivation', ['tanh', 'sigmoid', 'identity'] as const),
    });
  }
}
