/**
 * PyTorch's single-step cells — `RNNCell`, `LSTMCell`, `GRUCell` — as modules: one step of the
 * @rnn/cells cell on the module's own `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh` (PyTorch's
 * names and layouts, so an `nn.LSTMCell` state dict loads as it is). For loops a caller writes
 * itself (decoders, sampling); whole sequences belong to `RNN`/`LSTM`/`GRU`, which run one
 * sequence op.
 */
import { elmanCell, gruCell, initParameters, lstmCell, type CellDefinition } from '@rnn/cells';
import { ShapeError, tidy, zeros, type Backend, type Generator, type Tensor, type Variable } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { FLOAT_DTYPES, type FloatDType } from '../options.js';

export interface CellModuleOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Whether the cell has `bias_ih` and `bias_hh` (default true). */
  readonly bias?: boolean;
  readonly dtype?: FloatDType;
  /** Draws the initial weights (PyTorch's U(±1/√hiddenSize)). */
  readonly generator: Generator;
  readonly backend?: Backend;
}

/** What the three cells share: the weights, and one checked step from given or zero states. */
abstract class CellModule extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly cell: CellDefinition;
  readonly #weights: Record<string, Variable>;

  protected constructor(options: CellModuleOptions, cell: CellDefinition) {
    super();
    const { dtype = 'float32', generator, backend } = options;
    this.inputSize = cell.inputSize;
    this.hiddenSize = options.hiddenSize;
    this.bias = options.bias ?? true;
    this.cell = cell;
    const initial = tidy(() => initParameters(cell, { generator, dtype, ...(backend ? { backend } : {}) }));
    this.#weights = Object.fromEntries(cell.parameters.map((p) => [p.name, this.registerParameter(p.name, initial[p.name]!)]));
  }

  /** The name errors and configs use (class names do not survive minification). */
  protected abstract get cellName(): string;

  /** The new states from `x` [batch, inputSize] and the given ones (zeros where none are given). */
  protected step(x: Tensor, given: readonly Tensor[] | undefined): Tensor[] {
    const batch = x.shape[0] ?? 0;
    given?.forEach((s, k) => {
      const size = this.cell.stateSizes[k];
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== size) {
        throw new ShapeError(this.cellName, [x.shape, s.shape], `state ${this.cell.stateNames[k]} must be [batch, ${size}] for an input [batch, ${this.inputSize}]`);
      }
    });
    return tidy(() => {
      const { dtype, backend } = this.parameters()[0]!;
      const state = this.cell.stateSizes.map((size, k) => given?.[k] ?? zeros([batch, size], { dtype, backend }));
      return this.cell.bind(this.#weights).step(x, state);
    });
  }

  protected baseConfig(): { inputSize: number; hiddenSize: number; bias: boolean; dtype: FloatDType } {
    return { inputSize: this.inputSize, hiddenSize: this.hiddenSize, bias: this.bias, dtype: this.parameters()[0]!.dtype as FloatDType };
  }
}

/** A cell whose one state, h, is also its output (RNNCell, GRUCell). */
abstract class HiddenStateCellModule extends CellModule {
  /** The next h [batch, hiddenSize] from x [batch, inputSize] and h (default zeros). */
  call(x: Tensor, h?: Tensor): Tensor {
    return this.step(x, h && [h])[0]!;
  }

  forward(x: Tensor): Tensor {
    return this.call(x);
  }
}

/** Reads what `baseConfig` wrote. */
function readCellConfig(options: ConfigReader, context: BuildContext): CellModuleOptions {
  return {
    inputSize: options.integer('inputSize', { min: 1 }),
    hiddenSize: options.integer('hiddenSize', { min: 1 }),
    bias: options.boolean('bias'),
    dtype: options.oneOf('dtype', FLOAT_DTYPES),
    ...context,
  };
}

export interface RnnCellOptions extends CellModuleOptions {
  /** Default 'tanh'. */
  readonly nonlinearity?: 'tanh' | 'relu';
}

/**
 * PyTorch's `nn.RNNCell`: h' = act(W_ih·x + b_ih + W_hh·h + b_hh).
 *
 * @example
 * const cell = new RNNCell({ inputSize: 3, hiddenSize: 4, generator: new Generator(0) });
 * const h = cell.call(zeros([2, 3])); // [2, 4]; pass it back as the second argument
 */
export class RNNCell extends HiddenStateCellModule {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(options: RnnCellOptions) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    super(options, elmanCell({ inputSize: options.inputSize, hiddenSize: options.hiddenSize, bias: options.bias ?? true, nonlinearity }));
    this.nonlinearity = nonlinearity;
  }

  protected get cellName(): string {
    return 'RNNCell';
  }

  toConfig(): ModuleConfig {
    return { type: 'RNNCell', options: { ...this.baseConfig(), nonlinearity: this.nonlinearity } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): RNNCell {
    return new RNNCell({ ...readCellConfig(options, context), nonlinearity: options.oneOf('nonlinearity', ['tanh', 'relu'] as const) });
  }
}

/** PyTorch's `nn.LSTMCell`: gates stacked i, f, g, o in `weight_ih` [4H, I] and `weight_hh` [4H, H]. */
export class LSTMCell extends CellModule {
  constructor(options: CellModuleOptions) {
    super(options, lstmCell({ inputSize: options.inputSize, hiddenSize: options.hiddenSize, bias: options.bias ?? true }));
  }

  protected get cellName(): string {
    return 'LSTMCell';
  }

  /** The next [h, c], each [batch, hiddenSize], from x and [h, c] (default zeros), as PyTorch returns `(h_1, c_1)`. */
  call(x: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, Tensor] {
    const [h, c] = this.step(x, state);
    return [h!, c!];
  }

  /** The next h from zero states; c is dropped. */
  forward(x: Tensor): Tensor {
    const [h, c] = this.call(x);
    c.dispose();
    return h;
  }

  toConfig(): ModuleConfig {
    return { type: 'LSTMCell', options: this.baseConfig() };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): LSTMCell {
    return new LSTMCell(readCellConfig(options, context));
  }
}

/** PyTorch's `nn.GRUCell`: gates stacked r, z, n, the reset gate applied after the recurrent matmul. */
export class GRUCell extends HiddenStateCellModule {
  constructor(options: CellModuleOptions) {
    super(options, gruCell({ inputSize: options.inputSize, hiddenSize: options.hiddenSize, bias: options.bias ?? true, resetAfter: true }));
  }

  protected get cellName(): string {
    return 'GRUCell';
  }

  toConfig(): ModuleConfig {
    return { type: 'GRUCell', options: this.baseConfig() };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): GRUCell {
    return new GRUCell(readCellConfig(options, context));
  }
}
