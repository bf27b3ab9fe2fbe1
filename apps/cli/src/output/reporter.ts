/**
 * What `rnn train` reports and the three ways it can: a progress bar on a terminal, plain log
 * lines otherwise, and JSON lines with `--json`. The train command only calls this interface.
 */
import type { CliIo } from '../io.js';
import { JsonLinesReporter } from './json-lines.js';
import { LogLinesReporter } from './log-lines.js';
import { ProgressBarReporter } from './progress-bar.js';

export interface TrainStart {
  /** Steps already taken (a resumed run) and the step training stops at. */
  readonly step: number;
  readonly steps: number;
  readonly parameters: number;
  readonly vocabSize: number;
  readonly trainTokens: number;
  readonly validationTokens: number;
  readonly resumedFrom: string | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  /** A seq2seq run: its pairs and vocabularies (the target's without the end token). */
  readonly pairs?: { readonly train: number; readonly validation: number; readonly sourceVocab: number; readonly targetVocab: number };
}

/** A training step, with the figures averaged since the previous report where that helps. */
export interface StepReport {
  readonly step: number;
  readonly steps: number;
  /** Mean training loss (nats per token) over the steps since the last report. */
  readonly loss: number;
  /** seq2seq: mean token accuracy of the training batches over the same steps. */
  readonly accuracy?: number;
  readonly lr: number;
  readonly gradNorm: number;
  readonly tokensPerSecond: number;
  readonly seconds: number;
  /** Seconds left at the current pace. */
  readonly eta: number;
}

export interface ValidationReport {
  readonly step: number;
  readonly loss: number;
  readonly bitsPerCharacter: number;
  readonly perplexity: number;
  /** Next-token accuracy (seq2seq: of the teacher-forced target tokens). */
  readonly accuracy: number;
  /** seq2seq: the share of validation pairs whose greedy translation is exactly the target. */
  readonly exactMatch?: number;
}

export interface TrainEnd {
  readonly step: number;
  readonly seconds: number;
  /** Why training stopped early ('aborted' for Ctrl-C), or undefined. */
  readonly stopReason: string | undefined;
  readonly checkpoint: string | undefined;
}

export interface TrainReporter {
  start(info: TrainStart): void;
  /** Every step; `due` is true on the steps that a log line reports. */
  step(report: StepReport, due: boolean): void;
  validation(report: ValidationReport): void;
  checkpoint(step: number, path: string): void;
  /** A one-line notice (for example, that Ctrl-C was seen). */
  notice(text: string): void;
  end(info: TrainEnd): void;
  /** Restores the terminal if training ends with an error (a progress bar hides the cursor). */
  dispose(): void;
}

/** JSON lines with `--json`, a bar when stderr is a terminal (and not CI), plain lines otherwise. */
export function createReporter(io: CliIo, { json }: { json: boolean }): TrainReporter {
  if (json) return new JsonLinesReporter(io);
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  if (io.stderr.isTTY === true && !ci) return new ProgressBarReporter(io);
  return new LogLinesReporter(io);
}
