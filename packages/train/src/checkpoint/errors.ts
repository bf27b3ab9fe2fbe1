/** The error raised when a checkpoint cannot be read, found or restored. */
import { RnnError } from '@rnn/tensor';

/**
 * A checkpoint that cannot be used: a file that is not a checkpoint, a metadata field that is
 * missing or malformed, a tensor outside `model.` and `optimizer.`, a path with no checkpoint,
 * or a restore that asks for something the checkpoint lacks. `field` names what is wrong
 * (`'__metadata__.step'`, `'generators.data'`, `'path'`); `detail` says how, and what to do.
 */
export class CheckpointError extends RnnError {
  override name = 'CheckpointError';
  constructor(
    readonly field: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`checkpoint: ${field} ${detail}`, options);
  }
}
