/**
 * The fit callback that feeds a {@link TrainReporter}: losses and throughput averaged over the
 * steps since the last log line, the ETA from this run's pace, validations as scores.
 */
import type { Callback } from '@rnn/train';
import type { TrainReporter } from './reporter.js';

export interface ReportingOptions {
  /** The step this run started from and the one it stops at. */
  readonly initialStep: number;
  readonly steps: number;
  /** A log line (or JSON line) every this many steps; the first and last step are always reported. */
  readonly logEvery: number;
  readonly tokensPerBatch: number;
}

export function reportingCallback(reporter: TrainReporter, { initialStep, steps, logEvery, tokensPerBatch }: ReportingOptions): Callback {
  let window = { loss: 0, accuracy: 0, steps: 0, since: 0 };
  return {
    onStepEnd(logs) {
      const accuracy = logs.metrics.accuracy;
      window = { ...window, loss: window.loss + logs.loss, accuracy: window.accuracy + (accuracy ?? 0), steps: window.steps + 1 };
      const done = logs.step - initialStep;
      const windowSeconds = Math.max(logs.seconds - window.since, 1e-9);
      const due = done === 1 || logs.step % logEvery === 0 || logs.step === steps;
      reporter.step(
        {
          step: logs.step,
          steps,
          loss: window.loss / window.steps,
          ...(accuracy === undefined ? {} : { accuracy: window.accuracy / window.steps }),
          lr: logs.lr,
          gradNorm: logs.gradNorm,
          tokensPerSecond: (window.steps * tokensPerBatch) / windowSeconds,
          seconds: logs.seconds,
          eta: (logs.seconds / done) * (steps - logs.step),
        },
        due,
      );
      if (due) window = { loss: 0, accuracy: 0, steps: 0, since: logs.seconds };
    },
    onValidationEnd(logs) {
      const { loss = Number.NaN, bitsPerCharacter = Number.NaN, perplexity = Number.NaN, accuracy = Number.NaN, exactMatch } = logs.metrics;
      reporter.validation({ step: logs.step, loss, bitsPerCharacter, perplexity, accuracy, ...(exactMatch === undefined ? {} : { exactMatch }) });
    },
  };
}
