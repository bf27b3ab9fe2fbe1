/**
 * Memory-cell blocks (Hochreiter & Schmidhuber 1997, §4; Gers et al. 2000): the H cells form
 * H/S blocks of S cells, and each block has ONE input, forget and output gate shared by its S
 * cells. The gates are then [batch, H/S]; the candidate and the cells stay [batch, H].
 * With S = 1 every cell is its own block: the modern LSTM.
 */
import { mul, reshape, sum, type Tensor } from '@rnn/tensor';

export interface MemoryBlocks {
  /** H/S: the size of each gate. */
  readonly count: number;
  /** `gate ⊙ cells` with each block's gate scaling its S cells; a removed gate (null) is 1. */
  scale(gate: Tensor | null, cells: Tensor): Tensor;
  /**
   * A peephole into a block gate: Σ_{j ∈ block} w_j·c_j, every cell of the block seen through
   * its own weight (Gers et al. 2002's "peephole connections from the CEC to the gates").
   * `weight` is [H], as without blocks.
   */
  peephole(weight: Tensor, cells: Tensor): Tensor;
}

export function memoryBlocks(hiddenSize: number, blockSize: number): MemoryBlocks {
  const count = hiddenSize / blockSize;
  // [batch, H] viewed as [batch, blocks, S]: reshapes only, no copies.
  const byBlock = (t: Tensor): Tensor => reshape(t, [t.shape[0]!, count, blockSize]);
  if (blockSize === 1) {
    return { count, scale: (gate, cells) => (gate === null ? cells : mul(gate, cells)), peephole: (weight, cells) => mul(weight, cells) };
  }
  return {
    count,
    scale: (gate, cells) => (gate === null ? cells : reshape(mul(byBlock(cells), reshape(gate, [gate.shape[0]!, count, 1])), cells.shape)),
    peephole: (weight, cells) => sum(byBlock(mul(weight, cells)), 2),
  };
}
