/**
 * Which ∂L/∂h_t curves the Gradients panel draws. The worker measures this session's model and
 * two fresh references; the page remembers the model's latest curve from each earlier run, so a
 * tanh RNN trained after an LSTM (or the other way round) is drawn beside it — untrained, both
 * vanish; trained on a long-memory task, only the LSTM's curve holds (README).
 */
import type { GradientCurve } from '../protocol/messages.js';

/** Earlier runs kept, newest first. */
export const EARLIER_RUNS = 3;

export class GradientHistory {
  #earlier: GradientCurve[] = [];
  #latest: GradientCurve | null = null;

  /** A new run began (configure, reset, load): this run's latest curve becomes an earlier one. */
  newRun(): void {
    if (this.#latest === null) return;
    this.#earlier = [{ ...this.#latest, label: `earlier run: ${this.#latest.label}` }, ...this.#earlier].slice(0, EARLIER_RUNS);
    this.#latest = null;
  }

  /** The curves to draw for a `gradients` event: this model's, the earlier runs', then the references. */
  arrange(curves: readonly GradientCurve[]): GradientCurve[] {
    const models = curves.filter((curve) => curve.kind === 'model');
    this.#latest = models.at(-1) ?? this.#latest;
    const current = models.map((curve) => ({ ...curve, label: `this model: ${curve.label}` }));
    return [...current, ...this.#earlier, ...curves.filter((curve) => curve.kind === 'reference')];
  }
}
