/** A parallel kernel failed (a trap) on a thread of the pool, or the pool was used after close. */
export class WasmThreadError extends Error {
  override name = 'WasmThreadError';

  constructor(
    message: string,
    /** The kernel that was running. */
    readonly kernel: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
