/** Steps per second over the recent steps, so a pause or a slow validation fades out quickly. */
const WINDOW = 20;

export class StepRate {
  readonly #times: number[] = [];
  #started = 0;

  /** Call as a step starts (the first step's rate is its own duration's). */
  start(now = performance.now()): void {
    this.#started = now;
  }

  /** Call as it ends; returns the rate over the last ≤ 20 steps. */
  end(now = performance.now()): number {
    this.#times.push(now);
    if (this.#times.length > WINDOW + 1) this.#times.shift();
    const first = this.#times.length > 1 ? this.#times[0]! : this.#started;
    const steps = Math.max(this.#times.length - 1, 1);
    return steps / Math.max((now - first) / 1000, 1e-6);
  }
}
