/** Helpers for benches that measure tfjs as the peer. */

/** The slice of the tfjs module these helpers touch (no dependency on tfjs here). */
export interface TfjsLike {
  tensor(values: number[]): { dispose(): void };
}

/**
 * tfjs-backend-cpu prints a "use tfjs-node" banner on its first tensor in Node; creating that
 * tensor with the banner filtered keeps stdout to the report.
 */
export function quietTfjsBanner(tf: TfjsLike): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!args.some((a) => typeof a === 'string' && a.includes('tfjs-node'))) warn(...args);
  };
  try {
    tf.tensor([0]).dispose();
  } finally {
    console.warn = warn;
  }
}
