/** How a bidirectional layer combines its two directions (Keras `merge_mode`). */
import { add, concat, div, mul, type Tensor } from '@rnn/tensor';

export const MERGE_MODES = ['concat', 'sum', 'mul', 'ave', 'none'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

/**
 * Merges the forward and backward outputs ([T, B, H] each). 'none' keeps them apart, stacked
 * on the last axis as [T, B, 2·H] like 'concat' (callers split it), so every mode returns one
 * tensor; PyTorch's layout is 'concat'.
 */
export function mergeDirections(mode: MergeMode, forward: Tensor, backward: Tensor): Tensor {
  switch (mode) {
    case 'sum':
      return add(forward, backward);
    case 'mul':
      return mul(forward, backward);
    case 'ave':
      return div(add(forward, backward), 2);
    default:
      return concat([forward, backward], -1);
  }
}

/** The merged feature size for per-direction size `size`. */
export const mergedSize = (mode: MergeMode, size: number, directions: number): number =>
  directions === 2 && (mode === 'concat' || mode === 'none') ? 2 * size : size;
