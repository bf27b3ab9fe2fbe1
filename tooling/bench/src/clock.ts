/** The clock every measurement reads: monotonic, nanosecond resolution, reported in milliseconds. */

const origin = process.hrtime.bigint();

/**
 * Milliseconds since this module loaded, from `process.hrtime.bigint()` (monotonic, ns
 * resolution). Counting from a nearby origin keeps sub-microsecond precision in a double.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}

/** Runs the garbage collector when Node was started with `--expose-gc`; otherwise does nothing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}
