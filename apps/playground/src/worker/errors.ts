/** The errors the worker raises itself (the libraries' own errors pass through with theirs). */

/** A command the session cannot carry out in its present state, or a training run gone wrong. */
export class SessionError extends Error {
  override name = 'SessionError';
}
