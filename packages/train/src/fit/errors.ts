/** The error `fit` stops with when training diverges. */
import { RnnError } from '@rnn/tensor';

/**
 * The loss or a gradient became NaN or ±Infinity. `tensor` names the culprit — `'loss'`, or
 * `"gradient of 'rnn.weight_hh_l0'"` with the parameter's qualified name — and `step` the
 * optimizer step that produced it; the parameters were not updated by that step.
 */
export class NonFiniteError extends RnnError {
  override name = 'NonFiniteError';
  constructor(
    readonly step: number,
    readonly tensor: string,
    readonly detail: string,
  ) {
    super(`fit: step ${step}: the ${tensor} ${detail}; the parameters were not updated. Lower the learning rate or clip gradients (clipNorm).`);
  }
}
