/**
 * The cell-definition interface: what a recurrent cell declares (its parameters, under
 * PyTorch's names, and its state) and how it binds to weights to become the `RecurrentCell`
 * that `rnnSequence` runs. A new cell is one call to {@link defineCell}.
 */
import { ArgumentError, ShapeError, tidy, type RecurrentCell, type Shape, type Tensor } from '@rnn/tensor';
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { WeightError } from './errors.js';
import type { Initializer } from './initializers/initializer.js';

/** One parameter: its name (PyTorch's, without the `_l0` layer suffix), shape and initializer. */
export interface ParameterSpec<Name extends string = string> {
  readonly name: Name;
  readonly shape: Shape;
  readonly init: Initializer;
}

/**
 * Receives a tensor a step computed on the way, by name ('input_gate', 'reset_gate', …): each is
 * [batch, size], alive in the scope the step was called from, as the new state is.
 */
export type Observe = (name: string, value: Tensor) => void;

export interface BindOptions {
  /**
   * Called after every step with each tensor the cell reports (see each cell for its names), to
   * look inside it. A cell bound with an observer has no `fused`: the fused kernels cannot
   * report their gates, so it runs as composed ops.
   */
  readonly observe?: Observe;
}

export interface CellDefinition {
  /** 'rnn' | 'lstm' | 'gru' | 'jordan', or a user cell's own name. */
  readonly kind: string;
  readonly inputSize: number;
  /** One name per state, in order: ['h'], ['h', 'c'], FGR's ['h', 'c', 'gates'], Jordan's ['y']. */
  readonly stateNames: readonly string[];
  /** The feature size of each state; `stateSizes[0]` is also the size of each step's output. */
  readonly stateSizes: readonly number[];
  readonly parameters: readonly ParameterSpec[];
  /**
   * Present when the cell is one a backend's fused sequence kernel implements (PyTorch's RNN,
   * LSTM with projection/peepholes/CIFG, GRU both ways); a layer may then hand the whole
   * sequence to the backend. Absent for everything else, which runs as composed ops.
   */
  readonly fused?: FusedCellConfig;
  /**
   * The cell on these weights. Every declared parameter must be present with its shape (a
   * {@link WeightError} names the first that is not); other keys are ignored. No computation
   * happens here, so cells may be bound once to Variables outside `variableGrads`.
   */
  bind(weights: Readonly<Record<string, Tensor>>, options?: BindOptions): RecurrentCell;
}

/** What {@link defineCell} needs: the declaration, and one step written with tensor ops. */
export interface CellSpec<Name extends string> {
  readonly kind: string;
  readonly inputSize: number;
  readonly stateNames: readonly string[];
  readonly stateSizes: readonly number[];
  readonly parameters: readonly ParameterSpec<Name>[];
  readonly fused?: FusedCellConfig;
  /**
   * One step: `x` is [batch, inputSize], `state[k]` is [batch, stateSizes[k]]; returns the new
   * states in the same order, `[0]` being the output. `weights` holds the declared parameters
   * (a parameter declared only under some option is there only under that option). Runs inside
   * `tidy`, so intermediates are freed, and under the tape, so any op composition has gradients.
   * `observe(name, value)` reports an intermediate worth looking at (a gate); it does nothing
   * unless the cell was bound with an observer, so a step may ignore it.
   */
  step(weights: Readonly<Record<Name, Tensor>>, x: Tensor, state: readonly Tensor[], observe: Observe): Tensor[];
}

/**
 * Builds a {@link CellDefinition} from a declaration and a step function: `bind` checks the
 * weights; each step checks its input width and the states it returns, and runs in a memory
 * scope.
 *
 * @example
 * const cell = defineCell({ kind: 'tanh-rnn', inputSize: 3, stateNames: ['h'], stateSizes: [4],
 *   parameters: [{ name: 'weight_ih', shape: [4, 3], init: init.glorotUniform() },
 *                { name: 'weight_hh', shape: [4, 4], init: init.orthogonal() }],
 *   step: (w, x, [h]) => [tanh(add(linear(x, w.weight_ih), linear(h!, w.weight_hh)))] });
 */
export function defineCell<const Name extends string>(spec: CellSpec<Name>): CellDefinition {
  const { kind, inputSize, stateNames, stateSizes, parameters } = spec;
  if (stateNames.length !== stateSizes.length || stateSizes.length === 0) {
    throw new ArgumentError(`${kind} cell`, 'stateNames', `(${stateNames.length}) and stateSizes (${stateSizes.length}) must name the same, non-zero number of states`);
  }
  const names = parameters.map((p) => p.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new ArgumentError(`${kind} cell`, 'parameters', `declare '${repeated}' twice`);
  return {
    kind,
    inputSize,
    stateNames,
    stateSizes,
    parameters,
    ...(spec.fused === undefined ? {} : { fused: spec.fused }),
    bind(weights, { observe } = {}) {
      const bound = checkedWeights(kind, parameters, weights);
      return {
        stateSizes,
        // The declared weights, under PyTorch's names, are exactly what fused kernels read.
        ...(spec.fused === undefined || observe !== undefined ? {} : { fused: { config: spec.fused, weights: bound } }),
        step: (x, state) => {
          if (x.rank !== 2 || x.shape[1] !== inputSize) {
            throw new ShapeError(`${kind} cell step`, [x.shape], `x must be [batch, ${inputSize}]`);
          }
          // Reports leave the step's scope with the new state and reach the observer only after
          // it closes, so whatever the observer computes with them lives in the caller's scope.
          const reports: [string, Tensor][] = [];
          const report: Observe = observe === undefined ? ignore : (name, value) => {
            reports.push([name, value]);
          };
          const { next } = tidy(() => ({ next: spec.step(bound, x, state, report), reports }));
          checkStates(kind, stateSizes, x.shape[0]!, next);
          for (const [name, value] of reports) observe?.(name, value);
          return next;
        },
      };
    },
  };
}

/** What a step reports to when nobody observes: nothing is kept past the step. */
const ignore: Observe = () => undefined;

/**
 * A step must return one [batch, size] tensor per declared state: a user cell that does not
 * would otherwise fail steps later, inside rnnSequence, far from the mistake.
 */
function checkStates(kind: string, stateSizes: readonly number[], batch: number, next: readonly Tensor[]): void {
  if (next.length !== stateSizes.length) {
    throw new ArgumentError(`${kind} cell step`, 'result', `has ${next.length} state tensors; the cell declares ${stateSizes.length}`);
  }
  next.forEach((s, k) => {
    if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== stateSizes[k]) {
      throw new ShapeError(`${kind} cell step`, [s.shape], `state ${k} must be [batch, ${stateSizes[k]}] = [${batch}, ${stateSizes[k]}]`);
    }
  });
}

/** The declared weights, each checked for presence and shape. */
function checkedWeights<Name extends string>(
  kind: string,
  parameters: readonly ParameterSpec<Name>[],
  weights: Readonly<Record<string, Tensor>>,
): Record<Name, Tensor> {
  const bound: Partial<Record<Name, Tensor>> = {};
  for (const { name, shape } of parameters) {
    const weight = Object.hasOwn(weights, name) ? weights[name] : undefined;
    if (weight === undefined) throw new WeightError(kind, name, shape, null);
    if (weight.shape.length !== shape.length || weight.shape.some((d, i) => d !== shape[i])) {
      throw new WeightError(kind, name, shape, weight.shape);
    }
    bound[name] = weight;
  }
  return bound as Record<Name, Tensor>;
}
