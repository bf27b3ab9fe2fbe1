/**
 * Truncated backpropagation through time (Williams & Peng 1990): a long sequence is trained in
 * chunks; each chunk starts from the state the previous one ended in, but its gradient stops at
 * the chunk's start, so memory and time per step do not grow with the sequence.
 */
import { ArgumentError, dispose, fromArray, keep, stopGradient, tidy, where, type Tensor } from '@rnn/tensor';

/**
 * The state carried from one chunk to the next. `update` stores the chunk's final state as
 * constants (`stopGradient`), kept outside every memory scope, and frees the previous one; pass
 * `state` as the next chunk's `initialState`.
 *
 * @example
 * const carry = new StateCarry();
 * for (const x of chunks) {
 *   const { value, grads } = variableGrads(() => {
 *     const { output, state } = lstm.call(x, { initialState: carry.state });
 *     carry.update(state); // chunk k+1 starts here, but its gradient stops here
 *     return loss(output);
 *   });
 *   optimizer.step(grads);
 *   dispose([value, ...grads.values()]);
 * }
 * carry.dispose();
 */
export class StateCarry implements Disposable {
  #state: Tensor[] | undefined;

  /** The carried state (a new array of the carried tensors), or `undefined` before the first `update` and after `reset`. */
  get state(): Tensor[] | undefined {
    return this.#state === undefined ? undefined : [...this.#state];
  }

  /**
   * Carries `state` (a recurrent layer's final `state`, each `[numLayers·directions, batch,
   * size]`) into the next chunk, without its gradient, and frees the previously carried tensors.
   * Safe inside `variableGrads` and `tidy`: the copies outlive them, and autograd keeps its own
   * reference to anything the current chunk read from the previous state.
   */
  update(state: readonly Tensor[]): void {
    if (state.length === 0) throw new ArgumentError('StateCarry.update', 'state', "is empty; pass the `state` a recurrent layer's call returned");
    for (const s of state) s.assertAlive('StateCarry.update');
    const next = state.map((s) => keep(stopGradient(s)));
    const previous = this.#state;
    this.#state = next;
    dispose(previous);
  }

  /** Forgets the state (the next chunk starts from zeros), e.g. at an epoch or document boundary. */
  reset(): void {
    dispose(this.#state);
    this.#state = undefined;
  }

  /**
   * Zeroes the carried state of some batch entries only, for batches whose rows are separate
   * streams and one of them starts a new sequence. The batch axis is the second to last, as in
   * a recurrent layer's `[numLayers·directions, batch, size]` (and a cell's `[batch, size]`).
   * Does nothing before the first `update`.
   */
  resetRows(rows: readonly number[]): void {
    const state = this.#state;
    if (state === undefined || rows.length === 0) return;
    for (const s of state) {
      if (s.rank < 2) throw new ArgumentError('StateCarry.resetRows', 'state', `must have a batch axis (rank ≥ 2), got rank ${s.rank}`);
      const batch = s.shape[s.rank - 2]!;
      const bad = rows.find((row) => !Number.isInteger(row) || row < 0 || row >= batch);
      if (bad !== undefined) throw new ArgumentError('StateCarry.resetRows', 'rows', `must be integers in [0, ${batch}), got ${bad}`);
    }
    const next = state.map((s) =>
      keep(
        tidy(() => {
          const batch = s.shape[s.rank - 2]!;
          const reset = new Array<boolean>(batch).fill(false);
          for (const row of rows) reset[row] = true;
          const shape = s.shape.map((_, axis) => (axis === s.rank - 2 ? batch : 1));
          // `where`, not a multiplication by 0: a NaN in a reset row must not survive it.
          return where(fromArray(reset, { shape, dtype: 'bool', backend: s.backend }), 0, s);
        }),
      ),
    );
    this.#state = next;
    dispose(state);
  }

  /** Frees the carried tensors; the carry can be used again (it starts from `undefined`). */
  dispose(): void {
    this.reset();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
