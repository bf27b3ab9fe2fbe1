/** Plain log lines on stdout, for logs and pipes (no terminal). */
import type { CliIo } from '../io.js';
import { formatCount, formatDuration, formatLoss, formatLr, formatRate } from './format.js';
import type { StepReport, TrainEnd, TrainReporter, TrainStart, ValidationReport } from './reporter.js';

export function startLine(info: TrainStart): string {
  const what = info.resumedFrom === undefined ? 'training' : `resuming from ${info.resumedFrom} at step ${info.step}`;
  const { pairs } = info;
  if (pairs !== undefined) {
    return (
      `${what} seq2seq: ${formatCount(info.parameters)} parameters, vocabulary ${pairs.sourceVocab} → ${pairs.targetVocab} (+ end), ` +
      `${formatCount(pairs.train)} training and ${formatCount(pairs.validation)} validation pairs, ${info.steps} steps`
    );
  }
  return (
    `${what}: ${formatCount(info.parameters)} parameters, vocabulary ${info.vocabSize}, ` +
    `${formatCount(info.trainTokens)} training and ${formatCount(info.validationTokens)} validation tokens, ${info.steps} steps`
  );
}

export function stepLine(r: StepReport): string {
  const accuracy = r.accuracy === undefined ? '' : `  accuracy ${r.accuracy.toFixed(3)}`;
  return `step ${r.step}/${r.steps}  loss ${formatLoss(r.loss)}${accuracy}  lr ${formatLr(r.lr)}  ${formatRate(r.tokensPerSecond)} tok/s  ETA ${formatDuration(r.eta)}`;
}

export function validationLine(r: ValidationReport): string {
  if (r.exactMatch !== undefined) {
    return `validation at step ${r.step}: loss ${formatLoss(r.loss)} nats/token, perplexity ${r.perplexity.toFixed(2)}, token accuracy ${r.accuracy.toFixed(3)}, exact match ${r.exactMatch.toFixed(3)}`;
  }
  return (
    `validation at step ${r.step}: loss ${formatLoss(r.loss)} nats/char, ${r.bitsPerCharacter.toFixed(3)} bits/char, ` +
    `perplexity ${r.perplexity.toFixed(2)}, accuracy ${r.accuracy.toFixed(3)}`
  );
}

export function endLine(info: TrainEnd): string {
  const saved = info.checkpoint === undefined ? '' : `; checkpoint ${info.checkpoint}`;
  const how = info.stopReason === undefined ? 'done' : info.stopReason === 'aborted' ? 'interrupted' : `stopped (${info.stopReason})`;
  return `${how} at step ${info.step} after ${formatDuration(info.seconds)}${saved}`;
}

export class LogLinesReporter implements TrainReporter {
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
  }

  #line(text: string): void {
    this.#io.stdout.write(`${text}\n`);
  }

  start(info: TrainStart): void {
    this.#line(startLine(info));
  }

  step(report: StepReport, due: boolean): void {
    if (due) this.#line(stepLine(report));
  }

  validation(report: ValidationReport): void {
    this.#line(validationLine(report));
  }

  checkpoint(step: number, path: string): void {
    this.#line(`saved checkpoint at step ${step}: ${path}`);
  }

  notice(text: string): void {
    this.#io.stderr.write(`${text}\n`);
  }

  end(info: TrainEnd): void {
    this.#line(endLine(info));
  }

  dispose(): void {
    // Nothing to restore: lines are complete when written.
  }
}
