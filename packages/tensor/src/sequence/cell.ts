/**
 * The contract between a recurrent cell and the sequence op: a cell bound to its weights that
 * advances a batch of states by one time step. Small on purpose, so a new cell is one file
 * (see @rnn/cells) and runs on every backend, with gradients, stacked and bidirectional.
 */
import type { Tensor } from '../tensor.js';
import type { FusedCellBinding } from './fused.js';

export interface RecurrentCell {
  /**
   * The feature size of each state tensor (each is [batch, size]). `state[0]` is also the
   * step's output (h for RNN/GRU/LSTM, the output-layer value y for a Jordan network); cells
   * may carry more (LSTM's c, FGR's previous gate activations).
   */
  readonly stateSizes: readonly number[];
  /** One step: `x` is [batch, inputSize]; returns the new state, same order and sizes. */
  step(x: Tensor, state: readonly Tensor[]): Tensor[];
  /**
   * For the rnn/lstm/gru families: the family and weights, so a backend with fused sequence
   * kernels can run the whole sequence in one call. `step` stays the reference.
   */
  readonly fused?: FusedCellBinding;
}
