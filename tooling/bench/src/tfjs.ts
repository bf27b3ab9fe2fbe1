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

/** What {@link trainableVariables} reads of a tfjs-layers layer. */
export interface TfjsLayerLike {
  readonly trainableWeights: readonly { read(): unknown }[];
}

/**
 * A tfjs-layers layer's trainable weights as the variables `tf.variableGrads` differentiates
 * (`isVariable` is `(t) => t instanceof tf.Variable` of the caller's tfjs).
 */
export function trainableVariables<V>(layer: TfjsLayerLike, isVariable: (t: unknown) => t is V): V[] {
  return layer.trainableWeights.map((w) => {
    const v = w.read();
    if (!isVariable(v)) throw new Error('tfjs-layers: a trainable weight is not a tf.Variable');
    return v;
  });
}
