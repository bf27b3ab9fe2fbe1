/**
 * Looking inside a recurrent layer: one layer and direction run step by step through its
 * composed cell, keeping every step's states and every tensor the cell reports (its gates), with
 * an optional probe added to each step's output h_t so that a gradient with respect to the probe
 * is ∂L/∂h_t (PyTorch's `retain_grad` on every h_t; Bengio et al. 1994 and Pascanu et al. 2013
 * read vanishing gradients off exactly these).
 */
import type { CellDefinition } from '@rnn/cells';
import { add, ArgumentError, ShapeError, stack, unstack, zeros, type Shape, type Tensor } from '@rnn/tensor';
import type { DirectionRun, RecurrentResult } from './recurrent.js';

export interface RecurrentTraceOptions {
  /**
   * As `call`: [numLayers·directions, batch, size] per state; when absent, the state a stateful
   * layer carries, or zeros.
   */
  readonly initialState?: readonly Tensor[];
  /**
   * One tensor per layer·direction (index layer·directions + d), each [T, batch, stateSizes[0]]:
   * added to every step's output h_t as it leaves the step (so it feeds both the next step and the
   * layer's output). Zeros change nothing, and the gradient of a loss with respect to the probes
   * is ∂L/∂h_t at every step — PyTorch's `retain_grad` on each h_t.
   */
  readonly stateProbes?: readonly Tensor[];
}

export interface TracedRun {
  readonly layer: number;
  readonly direction: 'forward' | 'reverse';
  /**
   * Each [T, batch, size], in input time order for both directions: the states by the cell's
   * stateNames ('h', 'c', Jordan's 'y'; not FGR's 'gates', which repeats the gates reported
   * under their own names) and everything the cell observed ('input_gate', …).
   */
  readonly activations: Readonly<Record<string, Tensor>>;
}

export interface RecurrentTrace extends RecurrentResult {
  readonly layers: readonly TracedRun[];
}

/** FGR's previous-step gates: a state, but the same numbers as its reported gates. */
const repeatedState = 'gates';

/**
 * Runs each layer and direction `Recurrent.trace` hands it with its probe, collecting the runs'
 * activations in `layers`. The stack runs over time in its own order (reversed under
 * goBackwards); `reorder` turns a time-major tensor from input order into that order and back.
 */
export function stackTracer({ stateProbes, reorder }: { stateProbes: readonly Tensor[] | undefined; reorder: (t: Tensor) => Tensor }): {
  runDirection: (run: DirectionRun) => RecurrentResult;
  // Spelled out rather than TracedRun[]: `tidy` takes only types with an index signature.
  layers: { layer: number; direction: TracedRun['direction']; activations: Record<string, Tensor> }[];
} {
  const layers: ReturnType<typeof stackTracer>['layers'] = [];
  const runDirection = ({ layer, direction, index, cell, weights, input, initialState }: DirectionRun): RecurrentResult => {
    const probe = stateProbes?.[index];
    const run = traceDirection(cell, weights, input, { initialState, probe: probe && reorder(probe), reverse: direction === 1 });
    const activations = Object.fromEntries(Object.entries(run.activations).map(([name, t]) => [name, reorder(t)]));
    layers.push({ layer, direction: direction === 1 ? 'reverse' : 'forward', activations });
    return run;
  };
  return { runDirection, layers };
}

interface DirectionTraceOptions {
  /** [batch, size] per state; zeros when absent. */
  readonly initialState?: readonly Tensor[] | undefined;
  /** [T, batch, stateSizes[0]], in the order of `input`'s time axis. */
  readonly probe?: Tensor | undefined;
  readonly reverse: boolean;
}

/**
 * Runs `cell` on `weights` over `input` ([T, batch, inputSize]) from the last step back to the
 * first when `reverse`, as `rnnSequence` does, and records each step.
 */
function traceDirection(
  cell: CellDefinition,
  weights: Readonly<Record<string, Tensor>>,
  input: Tensor,
  { initialState, probe, reverse }: DirectionTraceOptions,
): RecurrentResult & { readonly activations: Record<string, Tensor> } {
  const [steps, batch] = input.shape as [number, number, number];
  // Every recorded tensor by name, indexed by its time step in `input` whatever the direction.
  const recorded = new Map<string, Tensor[]>();
  const record = (name: string, t: number, value: Tensor): void => {
    const list = recorded.get(name) ?? [];
    list[t] = value;
    recorded.set(name, list);
  };
  let step = 0;
  const bound = cell.bind(weights, {
    observe: (name, value) => {
      if (cell.stateNames.includes(name)) throw new ArgumentError(`${cell.kind} cell`, 'observe', `reported '${name}', which is the name of one of its states`);
      record(name, step, value);
    },
  });
  const xs = unstack(input, 0);
  const probes = probe === undefined ? undefined : unstack(probe, 0);
  let state = initialState?.slice() ?? cell.stateSizes.map((size) => zeros([batch, size], { dtype: input.dtype, backend: input.backend }));
  for (let k = 0; k < steps; k++) {
    step = reverse ? steps - 1 - k : k;
    const next = bound.step(xs[step]!, state);
    if (probes !== undefined) next[0] = add(next[0]!, probes[step]!);
    state = next;
    state.forEach((s, i) => {
      if (cell.stateNames[i] !== repeatedState) record(cell.stateNames[i]!, step, s);
    });
  }
  const activations: Record<string, Tensor> = {};
  for (const [name, list] of recorded) activations[name] = stackSteps(cell, name, list, steps);
  // The output is its own copy of the h trace, so that disposing one leaves the other intact.
  const output = steps === 0 ? zeros([0, batch, cell.stateSizes[0]!], { dtype: input.dtype, backend: input.backend }) : stack(recorded.get(cell.stateNames[0]!)!, 0);
  return { output, state, activations };
}

/** [T, batch, size]: one report per step, or the cell reported it only at some steps. */
function stackSteps(cell: CellDefinition, name: string, list: readonly Tensor[], steps: number): Tensor {
  const missing = Array.from({ length: steps }, (_, t) => t).find((t) => list[t] === undefined);
  if (missing !== undefined) throw new ArgumentError(`${cell.kind} cell`, 'observe', `reported '${name}' at some steps but not at step ${missing}`);
  return stack(list, 0);
}

/** Probes must be one [T, batch, size] tensor per layer·direction, as `expected` lists them. */
export function checkStateProbes(op: string, probes: readonly Tensor[], expected: readonly Shape[]): void {
  if (probes.length !== expected.length) {
    throw new ArgumentError(op, 'stateProbes', `has ${probes.length} tensors; expected one per layer·direction, ${expected.length}`);
  }
  probes.forEach((probe, index) => {
    const shape = expected[index]!;
    if (probe.rank !== 3 || probe.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(op, [probe.shape, shape], `stateProbes[${index}] must be [time, batch, stateSizes[0]] = [${shape.join(', ')}]`);
    }
  });
}
