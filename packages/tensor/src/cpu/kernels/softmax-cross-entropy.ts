/**
 * The cpu backend's fused softmax cross-entropy over class indices: per row, one pass for the
 * maximum, one for Σ exp(x − max), and (for the gradient) one writing softmax − onehot. It
 * computes in float64 and stores in the logits' dtype, and is the reference the other backends'
 * kernels are tested against.
 */
import type { FloatArray } from './matmul.js';

/**
 * `loss[n] = (log Σ_c exp(x[n,c] − m) + m) − x[n,t]` with m the row maximum — the same sum in
 * the same order as the composed `logSumExp(x) − x[t]` — and, when `gradient` is given,
 * `gradient[n,c] = exp(x[n,c] − m) / Σ − [c = t]`. A row whose target is `ignoreIndex` or outside
 * [0, classes) gets loss 0 and a zero gradient row.
 */
export function softmaxCrossEntropyKernel(
  logits: FloatArray,
  targets: Int32Array,
  classes: number,
  ignoreIndex: number | null,
  loss: FloatArray,
  gradient: FloatArray | null,
): void {
  for (let n = 0; n < targets.length; n++) {
    const base = n * classes;
    const target = targets[n]!;
    if (target === ignoreIndex || target < 0 || target >= classes) {
      loss[n] = 0;
      gradient?.fill(0, base, base + classes);
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]!);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[base + c]! - max);
    loss[n] = Math.log(total) + max - logits[base + target]!;
    if (gradient === null) continue;
    for (let c = 0; c < classes; c++) gradient[base + c] = Math.exp(logits[base + c]! - max) / total - (c === target ? 1 : 0);
  }
}
