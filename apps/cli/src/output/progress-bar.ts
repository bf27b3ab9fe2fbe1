/**
 * The terminal view of `rnn train`: a cli-progress bar on stderr with the step, the smoothed
 * loss, tokens per second and the ETA; validations and checkpoints are printed above it.
 */
import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io.js';
import { formatDuration, formatLoss, formatRate } from './format.js';
import { endLine, startLine, validationLine } from './log-lines.js';
import type { StepReport, TrainEnd, TrainReporter, TrainStart, ValidationReport } from './reporter.js';

const FORMAT = 'step {value}/{total} [{bar}] loss {loss} | {speed} tok/s | ETA {etaText}';

export class ProgressBarReporter implements TrainReporter {
  readonly #io: CliIo;
  readonly #bar: SingleBar;
  #total = 0;
  #payload = { loss: '…', speed: '…', etaText: '…' };
  #value = 0;
  #running = false;

  constructor(io: CliIo) {
    this.#io = io;
    this.#bar = new SingleBar({
      // cli-progress only writes, moves the cursor and reads isTTY/columns.
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: FORMAT,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    });
  }

  start(info: TrainStart): void {
    this.#io.stderr.write(`${startLine(info)}\n`);
    this.#total = info.steps;
    this.#value = info.step;
    this.#resume();
  }

  step(report: StepReport): void {
    this.#value = report.step;
    this.#payload = { loss: formatLoss(report.loss), speed: formatRate(report.tokensPerSecond), etaText: formatDuration(report.eta) };
    this.#bar.update(report.step, this.#payload);
  }

  validation(report: ValidationReport): void {
    this.#above(validationLine(report));
  }

  checkpoint(step: number, path: string): void {
    this.#above(`saved checkpoint at step ${step}: ${path}`);
  }

  notice(text: string): void {
    this.#above(text);
  }

  end(info: TrainEnd): void {
    this.#pause();
    this.#io.stdout.write(`${endLine(info)}\n`);
  }

  dispose(): void {
    this.#pause();
  }

  /** Clears the bar, prints a line where it was, and draws the bar again below it. */
  #above(text: string): void {
    const running = this.#running;
    this.#pause();
    this.#io.stderr.write(`${text}\n`);
    if (running) this.#resume();
  }

  #pause(): void {
    if (!this.#running) return;
    this.#bar.stop();
    this.#running = false;
  }

  #resume(): void {
    this.#bar.start(this.#total, this.#value, this.#payload);
    this.#running = true;
  }
}
