/** The error raised when a file cannot be opened as a playground model. */

/** A file that is not a checkpoint the playground can use; the message names what is wrong. */
export class CheckpointFileError extends Error {
  override name = 'CheckpointFileError';
  constructor(
    readonly fileName: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${fileName}: ${detail}`, options);
  }
}
