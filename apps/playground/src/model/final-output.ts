/** What a recurrent layer with `returnSequences: false` passes on, taken from its traced outputs. */
import { concat, reshape, slice, tidy, type Tensor } from '@rnn/tensor';
import type { Recurrent } from '@rnn/layers';

/**
 * `[T, B, F]` → `[B, F]`: the last step of the forward direction and, for a bidirectional layer,
 * the first step of the reverse one (where its pass over the sequence ends) — the same final
 * outputs `Recurrent.forward` merges, so a loss computed from a trace is the model's own loss.
 * Only the default 'concat' merge is built by the playground.
 */
export function finalOutput(recurrent: Recurrent, output: Tensor): Tensor {
  const [steps, batch, features] = output.shape as [number, number, number];
  return tidy(() => {
    const last = reshape(slice(output, [steps - 1, 0, 0], [1, batch, features]), [batch, features]);
    if (recurrent.directions === 1) return last;
    const half = features / 2;
    const forward = slice(last, [0, 0], [batch, half]);
    const reverse = reshape(slice(output, [0, 0, half], [1, batch, half]), [batch, half]);
    return concat([forward, reverse], 1);
  });
}
