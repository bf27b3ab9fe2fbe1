/** A callback that prints one line every few steps and after each validation. */
import type { Callback, StepLogs, ValidationLogs } from '../types.js';

export interface ProgressLoggerOptions {
  /** Print every `every` steps (default 100). */
  readonly every?: number;
  /** Where lines go (default `console.log`). */
  readonly write?: (line: string) => void;
}

const formatNumber = (x: number): string => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

/** `step 500 · loss 1.8412 · grad norm 0.8123 · lr 2.000e-3 · 11234 items/s` */
export function formatStep(logs: StepLogs): string {
  const parts = [`step ${logs.step}`, `loss ${formatNumber(logs.loss)}`];
  if (Number.isFinite(logs.gradNorm)) parts.push(`grad norm ${formatNumber(logs.gradNorm)}`);
  parts.push(`lr ${logs.lr.toExponential(3)}`);
  for (const [name, value] of Object.entries(logs.metrics)) parts.push(`${name} ${formatNumber(value)}`);
  if (logs.itemsPerSecond !== undefined) parts.push(`${Math.round(logs.itemsPerSecond)} items/s`);
  return parts.join(' · ');
}

/** `validation at step 500 · loss 1.9021 · accuracy 0.4410` */
export function formatValidation(logs: ValidationLogs): string {
  return [`validation at step ${logs.step}`, ...Object.entries(logs.metrics).map(([name, value]) => `${name} ${formatNumber(value)}`)].join(' · ');
}

export function progressLogger({ every = 100, write = console.log }: ProgressLoggerOptions = {}): Callback {
  return {
    onStepEnd(logs) {
      if (logs.step % every === 0) write(formatStep(logs));
    },
    onValidationEnd(logs) {
      write(formatValidation(logs));
    },
  };
}
