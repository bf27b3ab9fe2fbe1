/** `--json`: one JSON object per line on stdout, each with an `event` field. */
import type { CliIo } from '../io.js';
import type { StepReport, TrainEnd, TrainReporter, TrainStart, ValidationReport } from './reporter.js';

/** Rounds to 6 significant digits so lines stay short and diffable. */
const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

export function jsonLine(event: string, fields: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify({ event, ...fields }, (_, v: unknown) => (typeof v === 'number' ? round(v) : v))}\n`;
}

export class JsonLinesReporter implements TrainReporter {
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
  }

  #write(event: string, fields: Readonly<Record<string, unknown>>): void {
    this.#io.stdout.write(jsonLine(event, fields));
  }

  start(info: TrainStart): void {
    this.#write('start', { ...info });
  }

  step(report: StepReport, due: boolean): void {
    if (due) this.#write('step', { ...report });
  }

  validation(report: ValidationReport): void {
    this.#write('validation', { ...report });
  }

  checkpoint(step: number, path: string): void {
    this.#write('checkpoint', { step, path });
  }

  notice(text: string): void {
    this.#write('notice', { message: text });
  }

  end(info: TrainEnd): void {
    this.#write('end', { ...info, stopReason: info.stopReason ?? null, checkpoint: info.checkpoint ?? null });
  }

  dispose(): void {
    // Nothing to restore: lines are complete when written.
  }
}
