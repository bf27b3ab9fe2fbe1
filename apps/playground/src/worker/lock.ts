/**
 * One user of the model at a time: the training loop takes the lock for each step, commands for
 * their whole work, so an `inspect` arriving mid-training runs between two steps and never sees
 * a model halfway through an optimizer update (or one that a `configure` is replacing).
 */
export class Lock {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once every earlier holder has finished (however it ended). */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
