/** Reordering the rows of an attention memory, as beam search reorders its hypotheses. */
import { gather, tidy, type Tensor } from '@rnn/tensor';
import type { AttentionMemory } from '../attention/attention.js';

/** Batch rows `index` (int32 `[R]`) of `memory`: values are `[S, B, K]`, keys and mask batch-major. */
export function reorderMemory(memory: AttentionMemory, index: Tensor): AttentionMemory {
  return tidy(() => ({ values: gather(memory.values, index, 1), keys: gather(memory.keys, index, 0), mask: memory.mask && gather(memory.mask, index, 0) }));
}
