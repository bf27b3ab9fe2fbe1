/**
 * What every example reports about a run: each evaluation with the mean training loss since the
 * previous one and the seconds since the start, and at the end the wall time and the training
 * time per step with the evaluations taken out (the figure comparable with another library's
 * ms/step).
 */
import type { Callback } from '@rnn/train';

/** An evaluation's metrics `M`, with where and when it happened. */
export type Evaluation<M extends Record<string, number>> = M & {
  readonly step: number;
  /** The mean training loss over the steps since the previous evaluation. */
  readonly trainLoss: number;
  /** Seconds since the run began, evaluations included. */
  readonly seconds: number;
};

export class RunRecord<M extends Record<string, number>> {
  readonly evaluations: Evaluation<M>[] = [];
  readonly #started = performance.now();
  readonly #onEvaluation: ((evaluation: Evaluation<M>) => void) | undefined;
  #evaluationMs = 0;

  constructor(onEvaluation?: (evaluation: Evaluation<M>) => void) {
    this.#onEvaluation = onEvaluation;
  }

  /** Runs `evaluate` (`fit`'s `validation.evaluate`, or any other evaluation), keeping its time out of ms/step. */
  timed<R>(evaluate: () => R): R {
    const started = performance.now();
    try {
      return evaluate();
    } finally {
      this.#evaluationMs += performance.now() - started;
    }
  }

  /** The `fit` callback that records each evaluation and hands it on. */
  readonly callback: Callback = {
    onValidationEnd: ({ step, metrics }, { history }) => {
      const since = history.slice(this.evaluations.at(-1)?.step ?? 0);
      const evaluation = {
        ...(metrics as M),
        step,
        trainLoss: since.reduce((s, h) => s + h.loss, 0) / Math.max(since.length, 1),
        seconds: (performance.now() - this.#started) / 1000,
      } as Evaluation<M>;
      this.evaluations.push(evaluation);
      this.#onEvaluation?.(evaluation);
    },
  };

  /** The last evaluation's value of `metric`, NaN if there was none. */
  final(metric: keyof M): number {
    return this.evaluations.at(-1)?.[metric] ?? Number.NaN;
  }

  /** Wall seconds so far, and ms per training step over `steps` steps, evaluations excluded. */
  timing(steps: number): { wallSeconds: number; msPerStep: number } {
    const wallMs = performance.now() - this.#started;
    return { wallSeconds: wallMs / 1000, msPerStep: (wallMs - this.#evaluationMs) / steps };
  }
}
