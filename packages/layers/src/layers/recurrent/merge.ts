/** How a bidirectional layer combines its two directions (Keras `merge_mode`). */
import { add, concat, div, mul, stack, type Tensor } from '@rnn/tensor';

export const MERGE_MODES = ['concat', 'sum', 'mul', 'ave', 'none'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

/**
 * Merges the forward and backward outputs ([T, B, H] each). 'none' keeps them apart (Keras
 * returns a list) as a new leading axis, [2, T, B, H] with the forward direction first;
 * PyTorch's layout is 'concat'.
 */
export function mergeDirections(mode: MergeMode, forward: Tensor, backward: Tensor): Tensor {
  switch (mode) {
    case 'sum':
      return add(forward, backward);
    case 'mul':
      return mul(forward, backward);
    case 'ave':
      return div(add(forward, backward), 2);
    case 'none':
      return stack([forward, backward], 0);
    case 'concat':
      return concat([forward, backward], -1);
  }
}

/** The merged feature size for per-direction size `size` ('none' keeps `size` per direction). */
export const mergedSize = (mode: MergeMode, size: number, directions: number): number =>
  directions === 2 && mode === 'concat' ? 2 * size : size;
