/**
 * Test support: drives a backend's fused sequence methods directly (below the core op), owns
 * every handle it writes or receives, and reads results back as plain numbers.
 */
import type { Backend, FusedSequenceBackward, Handle, SequenceSpec, Shape, TensorSpec } from '../../../../backend/types.js';
import type { FloatDType } from '../dtype.js';

export interface ForwardTensors {
  readonly output: TensorSpec;
  readonly state: TensorSpec[];
  readonly reserve: TensorSpec | null;
}

export interface BackwardTensors {
  readonly dx: TensorSpec;
  readonly dInitialState: TensorSpec[];
  readonly dWeights: Record<string, TensorSpec>;
}

export class FusedHarness {
  readonly #owned: Handle[] = [];

  constructor(
    readonly backend: Backend,
    readonly dtype: FloatDType,
  ) {}

  tensor(values: ArrayLike<number>, shape: Shape): TensorSpec {
    return this.#own(this.backend.write(Array.from(values), shape, this.dtype), shape);
  }

  forward(spec: SequenceSpec, x: TensorSpec, weights: Readonly<Record<string, TensorSpec>>, initialState: readonly TensorSpec[]): ForwardTensors {
    const result = this.backend.rnnSequence!(spec, x, weights, initialState);
    const outputSize = initialState[0]!.shape[1]!;
    return {
      output: this.#own(result.output, [spec.steps, spec.batch, outputSize]),
      state: result.state.map((h, k) => this.#own(h, initialState[k]!.shape)),
      reserve: result.reserve === null ? null : this.#own(result.reserve, [result.reserveSize]),
    };
  }

  backward(
    spec: SequenceSpec,
    saved: { x: TensorSpec; weights: Readonly<Record<string, TensorSpec>>; initialState: readonly TensorSpec[]; forward: ForwardTensors },
    dOutput: TensorSpec | null,
    dState: readonly (TensorSpec | null)[],
  ): BackwardTensors {
    const { x, weights, initialState, forward } = saved;
    const grads: FusedSequenceBackward = this.backend.rnnSequenceBackward!(
      spec,
      { x, weights, initialState, output: forward.output, reserve: forward.reserve! },
      dOutput,
      dState,
    );
    return {
      dx: this.#own(grads.dx, x.shape),
      dInitialState: grads.dInitialState.map((h, k) => this.#own(h, initialState[k]!.shape)),
      dWeights: Object.fromEntries(Object.entries(grads.dWeights).map(([name, h]) => [name, this.#own(h, weights[name]!.shape)])),
    };
  }

  read(t: TensorSpec): number[] {
    return Array.from(this.backend.readSync!(t));
  }

  /** Disposes every handle this harness wrote or received. */
  release(): void {
    for (const h of this.#owned.splice(0)) this.backend.dispose(h);
  }

  #own(handle: Handle, shape: Shape): TensorSpec {
    this.#owned.push(handle);
    return { handle, shape, dtype: this.dtype };
  }
}
