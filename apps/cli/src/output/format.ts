/** Number and duration formats shared by the log lines, the progress bar and the summaries. */

/** `2.5s`, `45s`, `3m12s`, `2h05m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A throughput with a thousands separator: `12,345`. */
export function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) ? Math.round(perSecond).toLocaleString('en-US') : '?';
}

/** A loss with four decimals. */
export function formatLoss(loss: number): string {
  return loss.toFixed(4);
}

/** A learning rate: `2.00e-3`. */
export function formatLr(lr: number): string {
  return lr.toExponential(2);
}

/** `1,234,567` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
