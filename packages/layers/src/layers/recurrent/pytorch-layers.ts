/**
 * PyTorch's recurrent layers — `RNN`, `LSTM`, `GRU` — with PyTorch's constructor options and
 * parameter names, plus the cell options @rnn/cells adds (LSTM peepholes and Greff's variants,
 * GRU with the reset gate before the matmul, IRNN initialisation) and Keras's conveniences
 * from {@link Recurrent} (mergeMode, goBackwards, stateful).
 */
import { elmanCell, gruCell, lstmCell, lstmVariants, type LstmVariant } from '@rnn/cells';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { layerConfig, readLayerConfig, type SequenceLayerOptions } from './layer-config.js';
import { Recurrent } from './recurrent.js';

export interface RnnLayerOptions extends SequenceLayerOptions {
  /** Default 'tanh' ('relu' for an IRNN). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** Le et al. 2015's initialisation: identity recurrent weights, relu. */
  readonly irnn?: boolean;
}

/** Elman RNN layers, PyTorch's `nn.RNN`. */
export class RNN extends Recurrent {
  readonly hiddenSize: number;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly bias: boolean;
  readonly irnn: boolean;

  constructor(options: RnnLayerOptions) {
    const { hiddenSize, bias = true, irnn = false } = options;
    const nonlinearity = options.nonlinearity ?? (irnn ? 'relu' : 'tanh');
    super({ ...options, cell: (inputSize) => elmanCell({ inputSize, hiddenSize, nonlinearity, bias, irnn }) });
    this.hiddenSize = hiddenSize;
    this.nonlinearity = nonlinearity;
    this.bias = bias;
    this.irnn = irnn;
  }

  protected override get layerName(): string {
    return 'RNN';
  }

  override toConfig(): ModuleConfig {
    return { type: 'RNN', options: { ...layerConfig(this, this.hiddenSize, this.bias), nonlinearity: this.nonlinearity, irnn: this.irnn } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): RNN {
    return new RNN({ ...readLayerConfig(options, context), nonlinearity: options.oneOf('nonlinearity', ['tanh', 'relu'] as const), irnn: options.boolean('irnn') });
  }
}

export interface LstmLayerOptions extends SequenceLayerOptions {
  /** PyTorch's `proj_size` (0: none). */
  readonly projSize?: number;
  readonly peephole?: boolean;
  /** Greff et al. 2015's variants (default 'vanilla'). */
  readonly variant?: LstmVariant;
  /** Forget-gate bias initialised to 1 (Jozefowicz et al. 2015; Keras's default). */
  readonly unitForgetBias?: boolean;
  /** Bounds the inputs of the activations to [−cellClip, cellClip] (ONNX `clip`). */
  readonly cellClip?: number;
  /**
   * Cells per memory block (default 1), Hochreiter & Schmidhuber 1997: the cells of a block
   * share one input, forget and output gate. Must divide hiddenSize.
   */
  readonly blockSize?: number;
}

/** LSTM layers, PyTorch's `nn.LSTM`, with the cell options of @rnn/cells. */
export class LSTM extends Recurrent {
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly projSize: number;
  readonly peephole: boolean;
  readonly variant: LstmVariant;
  readonly unitForgetBias: boolean;
  readonly cellClip: number | null;
  readonly blockSize: number;

  constructor(options: LstmLayerOptions) {
    const { hiddenSize, bias = true, projSize = 0, peephole = false, variant = 'vanilla', unitForgetBias = false, blockSize = 1 } = options;
    const cellClip = options.cellClip ?? null;
    super({
      ...options,
      cell: (inputSize) =>
        lstmCell({ inputSize, hiddenSize, bias, projSize, peephole, variant, unitForgetBias, blockSize, ...(cellClip === null ? {} : { cellClip }) }),
    });
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.projSize = projSize;
    this.peephole = peephole;
    this.variant = variant;
    this.unitForgetBias = unitForgetBias;
    this.cellClip = cellClip;
    this.blockSize = blockSize;
  }

  protected override get layerName(): string {
    return 'LSTM';
  }

  override toConfig(): ModuleConfig {
    const { projSize, peephole, variant, unitForgetBias, cellClip, blockSize } = this;
    return { type: 'LSTM', options: { ...layerConfig(this, this.hiddenSize, this.bias), projSize, peephole, variant, unitForgetBias, cellClip, blockSize } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): LSTM {
    const cellClip = options.numberOrNull('cellClip', { min: 0, max: Number.MAX_VALUE });
    return new LSTM({
      ...readLayerConfig(options, context),
      projSize: options.integer('projSize'),
      peephole: options.boolean('peephole'),
      variant: options.oneOf('variant', lstmVariants),
      unitForgetBias: options.boolean('unitForgetBias'),
      // Configs saved before memory blocks were a layer option have no key: one cell per block.
      blockSize: options.has('blockSize') ? options.integer('blockSize', { min: 1 }) : 1,
      ...(cellClip === null ? {} : { cellClip }),
    });
  }
}

export interface GruLayerOptions extends SequenceLayerOptions {
  /** Reset gate after the recurrent matmul (PyTorch, cuDNN; default) or before it (Cho et al. 2014). */
  readonly resetAfter?: boolean;
}

/** GRU layers, PyTorch's `nn.GRU`; `resetAfter: false` is Keras's `reset_after=False`. */
export class GRU extends Recurrent {
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly resetAfter: boolean;

  constructor(options: GruLayerOptions) {
    const { hiddenSize, bias = true, resetAfter = true } = options;
    super({ ...options, cell: (inputSize) => gruCell({ inputSize, hiddenSize, bias, resetAfter }) });
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.resetAfter = resetAfter;
  }

  protected override get layerName(): string {
    return 'GRU';
  }

  override toConfig(): ModuleConfig {
    return { type: 'GRU', options: { ...layerConfig(this, this.hiddenSize, this.bias), resetAfter: this.resetAfter } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): GRU {
    return new GRU({ ...readLayerConfig(options, context), resetAfter: options.boolean('resetAfter') });
  }
}
