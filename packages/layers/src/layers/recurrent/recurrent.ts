/**
 * `Recurrent`: any cell from @rnn/cells as a sequence layer — stacked, bidirectional, with
 * variable lengths, initial or carried (stateful) state and dropout between layers. The PyTorch
 * layers (`RNN`, `LSTM`, `GRU`) are this layer with their cells.
 *
 * Parameters are named as PyTorch names them (`weight_ih_l0`, `weight_hh_l1_reverse`, …), so a
 * PyTorch state dict loads as it is. Each layer and direction is one `rnnSequence` call, which
 * backends with fused kernels run as one kernel.
 */
import type { CellDefinition } from '@rnn/cells';
import { initParameters } from '@rnn/cells';
import {
  ArgumentError,
  bernoulli,
  dispose,
  keep,
  mul,
  reshape,
  reverse,
  rnnSequence,
  ShapeError,
  slice,
  stack,
  stopGradient,
  tidy,
  transpose,
  type Backend,
  type RecurrentCell,
  type Generator,
  type Tensor,
  type Variable,
  zeros,
} from '@rnn/tensor';
import type { ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { assertPositiveInteger, type FloatDType } from '../options.js';
import { mergeDirections, mergedSize, type MergeMode } from './merge.js';
import { checkStateProbes, stackTracer, type RecurrentTrace, type RecurrentTraceOptions } from './trace.js';

/** Makes the cell of one layer, given that layer's input size. */
export type CellFactory = (inputSize: number, layer: number) => CellDefinition;

export interface RecurrentOptions {
  readonly inputSize: number;
  readonly cell: CellFactory;
  /** Stacked layers (default 1); layer k > 0 reads layer k−1's (merged) outputs. */
  readonly numLayers?: number;
  readonly bidirectional?: boolean;
  /** Inputs and outputs are [batch, time, features] instead of [time, batch, features]. */
  readonly batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode (never on the recurrent path). */
  readonly dropout?: number;
  /** How the last layer's two directions combine (default 'concat', PyTorch's layout). */
  readonly mergeMode?: MergeMode;
  /**
   * Process the sequence from its last step to its first. The outputs come back in input order
   * (output t is the state after reading steps T−1…t), as ONNX's 'reverse' direction gives them;
   * Keras's `go_backwards` returns them in processing order instead, which equals ours reversed
   * in time. The final state is the same.
   */
  readonly goBackwards?: boolean;
  /** Carry the final state of one call into the next (Keras `stateful`); see `resetStates`. */
  readonly stateful?: boolean;
  /**
   * `forward` returns every step's output (default, PyTorch and Keras `return_sequences=True`)
   * or, when false, only the last one per entry ([batch, features]; both directions' final
   * outputs merged).
   */
  readonly returnSequences?: boolean;
  /**
   * Variational recurrent dropout (Gal & Ghahramani 2016; Keras `recurrent_dropout`): in training
   * mode the state fed back, h, is multiplied by one dropout mask per sequence, the same at every
   * step. Runs the composed path (fused kernels have no such input).
   */
  readonly recurrentDropout?: number;
  readonly dtype?: FloatDType;
  readonly generator: Generator;
  readonly backend?: Backend;
}

export interface RecurrentCallOptions {
  /**
   * Tensors for the first cell states, each [numLayers·directions, batch, size] (PyTorch's
   * h0/c0); states not given start at zero (as FGR's previous gate activations always do).
   */
  readonly initialState?: readonly Tensor[];
  /** Valid steps per batch entry (packed-sequence semantics). */
  readonly lengths?: readonly number[];
  /**
   * Keras-style mask, laid out as the input's first two dims ([T, B], or [B, T] with
   * batchFirst): masked steps leave an entry's state unchanged and output 0. Exclusive with
   * `lengths`.
   */
  readonly mask?: Tensor;
}

export interface RecurrentResult {
  /**
   * The last layer's outputs: [T, B, features] (or [B, T, features] with batchFirst); with a
   * bidirectional mergeMode 'none', [2, T, B, H] (or [2, B, T, H]), forward first.
   */
  readonly output: Tensor;
  /** The final states, one per cell state, each [numLayers·directions, batch, size]. */
  readonly state: Tensor[];
}

/** One layer and direction of the stack, as `call` and `trace` are handed it to run. */
export interface DirectionRun {
  readonly layer: number;
  readonly direction: 0 | 1;
  /** layer·directions + direction: its place in stacked states and per-run options. */
  readonly index: number;
  readonly cell: CellDefinition;
  readonly weights: Readonly<Record<string, Tensor>>;
  /** [T, batch, features], time-major, in the order the stack runs (reversed under goBackwards). */
  readonly input: Tensor;
  readonly initialState: Tensor[] | undefined;
}

export class Recurrent extends Module {
  readonly inputSize: number;
  readonly numLayers: number;
  readonly directions: 1 | 2;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly mergeMode: MergeMode;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly returnSequences: boolean;
  readonly recurrentDropout: number;
  /** The cell of each layer (the same definition serves both directions). */
  readonly cells: readonly CellDefinition[];
  readonly #weights: Record<string, Variable>[][];
  readonly #generator: Generator;
  #carried: Tensor[] | null = null;

  constructor(options: RecurrentOptions) {
    super();
    const { inputSize, numLayers = 1, bidirectional = false, batchFirst = false, dropout = 0, mergeMode = 'concat' } = options;
    assertPositiveInteger(this.layerName, 'inputSize', inputSize);
    assertPositiveInteger(this.layerName, 'numLayers', numLayers);
    if (!(dropout >= 0 && dropout < 1)) throw new ArgumentError(this.layerName, 'dropout', `must be in [0, 1), got ${dropout}`);
    this.inputSize = inputSize;
    this.numLayers = numLayers;
    this.directions = bidirectional ? 2 : 1;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.mergeMode = mergeMode;
    this.goBackwards = options.goBackwards ?? false;
    this.stateful = options.stateful ?? false;
    this.returnSequences = options.returnSequences ?? true;
    this.recurrentDropout = options.recurrentDropout ?? 0;
    if (!(this.recurrentDropout >= 0 && this.recurrentDropout < 1)) {
      throw new ArgumentError(this.layerName, 'recurrentDropout', `must be in [0, 1), got ${this.recurrentDropout}`);
    }
    this.#generator = options.generator;
    const cells: CellDefinition[] = [];
    this.#weights = [];
    for (let layer = 0; layer < numLayers; layer++) {
      // Inner layers always see both directions concatenated, as PyTorch stacks them.
      const layerInput = layer === 0 ? inputSize : this.directions * cells[layer - 1]!.stateSizes[0]!;
      const cell = options.cell(layerInput, layer);
      if (cell.inputSize !== layerInput) {
        throw new ArgumentError(this.layerName, 'cell', `made a cell for input size ${cell.inputSize}, expected ${layerInput} at layer ${layer}`);
      }
      cells.push(cell);
      const directions: Record<string, Variable>[] = [];
      for (let d = 0; d < this.directions; d++) {
        const initial = tidy(() => initParameters(cell, { generator: options.generator, dtype: options.dtype ?? 'float32', ...(options.backend ? { backend: options.backend } : {}) }));
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        directions.push(Object.fromEntries(cell.parameters.map((p) => [p.name, this.registerParameter(`${p.name}${suffix}`, initial[p.name]!)])));
      }
      this.#weights.push(directions);
    }
    this.cells = cells;
  }

  /** The name errors use (class names do not survive minification). */
  protected get layerName(): string {
    return 'Recurrent';
  }

  /** Feature size of `output`. */
  get outputSize(): number {
    return mergedSize(this.mergeMode, this.cells[this.numLayers - 1]!.stateSizes[0]!, this.directions);
  }

  /**
   * The last layer's outputs: every step's ([T, B, F], or [B, T, F] batch-first), or with
   * `returnSequences: false` each entry's final one ([B, F]).
   */
  forward(x: Tensor): Tensor {
    const { output, state } = this.call(x);
    if (this.returnSequences) {
      dispose(state);
      return output;
    }
    output.dispose();
    const last = tidy(() => {
      // The final h of the last layer's directions: its last step forward, its first backward.
      const h = slice(state[0]!, [(this.numLayers - 1) * this.directions], [this.directions]);
      const size = h.shape[2]!;
      const batch = h.shape[1]!;
      if (this.directions === 1) return reshape(h, [batch, size]);
      return mergeDirections(this.mergeMode, reshape(slice(h, [0], [1]), [batch, size]), reshape(slice(h, [1], [1]), [batch, size]));
    });
    dispose(state);
    return last;
  }

  /**
   * Runs the stack and returns its outputs and final states (PyTorch's `(output, h_n)` /
   * `(output, (h_n, c_n))`).
   */
  call(x: Tensor, options: RecurrentCallOptions = {}): RecurrentResult {
    const initialState = this.#checkedInitialState(x, options.initialState);
    const result = tidy(() => {
      const mask = options.mask && this.#timeMajor(options.mask);
      return this.#runStack(x, { initialState, between: (output) => this.#dropBetweenLayers(output) }, ({ cell, weights, direction, input, initialState: initial }) =>
        rnnSequence(this.#withRecurrentDropout(cell.bind(weights), input.shape[1]!), input, {
          ...(initial ? { initialState: initial } : {}),
          ...(options.lengths ? { lengths: options.lengths } : {}),
          ...(mask ? { mask } : {}),
          reverse: direction === 1,
        }),
      );
    });
    if (this.stateful) {
      if (this.#carried !== null) this.#carried.forEach((s) => { s.dispose(); });
      // Carried without gradient: each call's graph ends at its own inputs (truncated BPTT).
      this.#carried = keep(result.state.map((s) => stopGradient(s)));
    }
    return result;
  }

  /**
   * `call` in eval semantics (no dropout), step by step through the composed cells, keeping
   * every step's states and gates (`layers`, one traced run per layer and direction) and adding
   * `stateProbes` to each step's h, whose gradient is then ∂L/∂h_t. For inspecting one input:
   * no `lengths` or `mask`. Leaves a stateful layer's carried state as it was. Everything
   * returned is the caller's.
   *
   * @example
   * const { layers: [run] } = lstm.trace(x); // run.activations.forget_gate: [T, batch, hiddenSize]
   */
  trace(x: Tensor, options: RecurrentTraceOptions = {}): RecurrentTrace {
    const initialState = this.#checkedInitialState(x, options.initialState);
    const { stateProbes } = options;
    if (stateProbes !== undefined) {
      const [steps, batch] = this.batchFirst ? [x.shape[1]!, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
      const sizes = this.cells.flatMap((cell) => Array<number>(this.directions).fill(cell.stateSizes[0]!));
      checkStateProbes(this.layerName, stateProbes, sizes.map((size) => [steps, batch, size]));
    }
    return tidy(() => {
      const tracer = stackTracer({ stateProbes, reorder: (t) => this.#inRunOrder(t) });
      return { ...this.#runStack(x, { initialState }, tracer.runDirection), layers: tracer.layers };
    });
  }

  /**
   * Every layer and direction in turn, each run by `runDirection` on the time-major input,
   * merged as `call` merges them, `between` applied to every layer's output but the last.
   */
  #runStack(
    x: Tensor,
    { initialState, between = (output) => output }: { initialState: readonly Tensor[] | undefined; between?: (output: Tensor) => Tensor },
    runDirection: (run: DirectionRun) => RecurrentResult,
  ): { output: Tensor; state: Tensor[] } {
    const finals: Tensor[][] = this.cells[0]!.stateNames.map(() => []);
    let output = this.#timeMajor(x);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outputs: Tensor[] = [];
      for (let direction = 0; direction < this.directions; direction++) {
        const index = layer * this.directions + direction;
        const run = runDirection({
          layer,
          direction: direction as 0 | 1,
          index,
          cell: this.cells[layer]!,
          weights: this.#weights[layer]![direction]!,
          input: output,
          initialState: initialState && this.#initialStateAt(initialState, index, output.shape[1]!),
        });
        outputs.push(run.output);
        run.state.forEach((s, k) => finals[k]!.push(s));
      }
      const last = layer === this.numLayers - 1;
      output = outputs.length === 1 ? outputs[0]! : mergeDirections(last ? this.mergeMode : 'concat', outputs[0]!, outputs[1]!);
      if (!last) output = between(output);
    }
    // With mergeMode 'none' the directions are a new leading axis: time and batch sit one further.
    const time = this.directions === 2 && this.mergeMode === 'none' ? 1 : 0;
    if (this.goBackwards) output = reverse(output, time);
    if (this.batchFirst) output = transpose(output, time, time + 1);
    return { output, state: finals.map((list) => stack(list, 0)) };
  }

  /** `t`, laid out as the input is ([B, T, …] with batchFirst), as the stack runs over it. */
  #timeMajor(t: Tensor): Tensor {
    return this.#inRunOrder(this.batchFirst ? transpose(t, 0, 1) : t);
  }

  /** A time-major `t` in the order the stack runs: reversed under goBackwards. Its own inverse. */
  #inRunOrder(t: Tensor): Tensor {
    return this.goBackwards ? reverse(t, 0) : t;
  }

  /** The initial state `call` or `trace` starts from (given, or carried), after checking `x` and it. */
  #checkedInitialState(x: Tensor, given: readonly Tensor[] | undefined): readonly Tensor[] | undefined {
    if (x.rank !== 3 || x.shape[2] !== this.inputSize) {
      throw new ShapeError(this.layerName, [x.shape], `input must be [${this.batchFirst ? 'batch, time' : 'time, batch'}, ${this.inputSize}]`);
    }
    const initialState = given ?? this.#carried ?? undefined;
    if (initialState !== undefined) this.#checkInitialState(initialState, x.shape[this.batchFirst ? 0 : 1]!);
    return initialState;
  }

  /** Forgets the state a stateful layer carries, so the next call starts from zeros. */
  resetStates(): void {
    this.#carried?.forEach((s) => {
      s.dispose();
    });
    this.#carried = null;
  }

  /** Layer-and-direction `index`'s slice of each given state, zeros for the states not given. */
  #initialStateAt(initialState: readonly Tensor[], index: number, batch: number): Tensor[] {
    const layer = Math.floor(index / this.directions);
    return this.cells[layer]!.stateSizes.map((size, k) => {
      const given = initialState[k];
      if (given === undefined) return zeros([batch, size], { dtype: this.parameters()[0]!.dtype, backend: this.parameters()[0]!.backend });
      return reshape(slice(given, [index], [1]), [batch, size]);
    });
  }

  /** The cell with its fed-back h masked by one per-sequence dropout mask (training only). */
  #withRecurrentDropout(cell: RecurrentCell, batch: number): RecurrentCell {
    if (!this.training || this.recurrentDropout === 0) return cell;
    const [size] = cell.stateSizes as [number];
    const p = this.recurrentDropout;
    const kept = bernoulli([batch, size], 1 - p, { generator: this.#generator, dtype: this.parameters()[0]!.dtype, backend: this.parameters()[0]!.backend });
    const mask = mul(kept, 1 / (1 - p));
    return { stateSizes: cell.stateSizes, step: (x, [h, ...rest]) => cell.step(x, [mul(h!, mask), ...rest]) };
  }

  #dropBetweenLayers(x: Tensor): Tensor {
    if (!this.training || this.dropout === 0) return x;
    const kept = bernoulli(x.shape, 1 - this.dropout, { generator: this.#generator, dtype: x.dtype, backend: x.backend });
    return mul(x, mul(kept, 1 / (1 - this.dropout)));
  }

  #checkInitialState(initialState: readonly Tensor[], batch: number): void {
    const cell = this.cells[0]!;
    if (initialState.length === 0 || initialState.length > cell.stateNames.length) {
      throw new ArgumentError(this.layerName, 'initialState', `has ${initialState.length} tensors; the cell's states are ${cell.stateNames.join(', ')}`);
    }
    initialState.forEach((s, k) => {
      const expected = [this.numLayers * this.directions, batch, cell.stateSizes[k]!];
      if (s.rank !== 3 || s.shape.some((d, i) => d !== expected[i])) {
        throw new ShapeError(this.layerName, [s.shape, expected], `initial ${cell.stateNames[k]} must be [numLayers·directions, batch, ${cell.stateSizes[k]}]`);
      }
    });
  }

  override dispose(): void {
    this.resetStates();
    super.dispose();
  }

  toConfig(): ModuleConfig {
    throw new ArgumentError(this.layerName, 'toConfig', 'a generic Recurrent layer holds a cell factory and cannot be saved by config; use RNN, LSTM or GRU, or register your own type');
  }
}
