/** The error raised when a model does not fit what the playground asks of it. */

/**
 * A model that cannot serve a task or a request: a checkpoint of another shape, a layer or
 * direction the model does not have. The message says what was expected and what was found.
 */
export class ModelError extends Error {
  override name = 'ModelError';
}
