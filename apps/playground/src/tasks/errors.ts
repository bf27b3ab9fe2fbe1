/** The error raised when a task cannot be set up or asked for something. */

/** Settings or input a task cannot work with; the message says why and what to change. */
export class TaskError extends Error {
  override name = 'TaskError';
}
