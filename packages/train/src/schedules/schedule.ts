/** What a schedule drives: anything with a settable learning rate (every `Optimizer`). */
export interface LearningRateTarget {
  lr: number;
}

/** Saved state of an epoch-indexed schedule: the learning rate it started from and its count. */
export interface EpochScheduleState {
  readonly baseLr: number;
  readonly epoch: number;
}

/**
 * A schedule whose learning rate is a closed form of the number of `step()` calls. Computing
 * from the closed form (not by multiplying the previous rate) keeps resumed runs bit-exact.
 */
export abstract class EpochSchedule {
  readonly optimizer: LearningRateTarget;
  #baseLr: number;
  #epoch = 0;

  protected constructor(optimizer: LearningRateTarget) {
    this.optimizer = optimizer;
    this.#baseLr = optimizer.lr;
  }

  /** Sets the optimizer's learning rate for the current epoch; subclasses call it last in their constructor. */
  protected apply(): void {
    this.optimizer.lr = this.lr;
  }

  /** The learning rate after `epoch` calls to `step()`. */
  protected abstract lrAt(epoch: number, baseLr: number): number;

  /** Steps taken so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The learning rate the schedule last set. */
  get lr(): number {
    return this.lrAt(this.#epoch, this.#baseLr);
  }

  /** Advances one step and sets the optimizer's learning rate. */
  step(): void {
    this.#epoch++;
    this.apply();
  }

  getState(): EpochScheduleState {
    return { baseLr: this.#baseLr, epoch: this.#epoch };
  }

  /** Restores a saved state and sets the optimizer's learning rate to match it. */
  setState(state: EpochScheduleState): void {
    this.#baseLr = state.baseLr;
    this.#epoch = state.epoch;
    this.apply();
  }
}
