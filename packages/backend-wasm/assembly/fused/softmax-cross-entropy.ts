// Softmax cross-entropy over class indices (the fused loss of a classifier or language model):
// per row one pass for the maximum, one for Σ e^(x − max) (writing e^(x − max) into the gradient
// row when asked), and one scaling that row into softmax − onehot. Each row is read from memory
// once and stays in cache for the later passes.
import { expNonPositive } from './exp';

/**
 * For each of `rows` rows of `classes` float32 logits at `logits`, with int32 targets at
 * `targets`: loss[r] = log Σ e^(x − m) + m − x[t] (m the row maximum; the log and the final sum
 * in float64), and, when `withGradient` ≠ 0, gradient[r, :] = softmax(x) − onehot(t). A row whose
 * target is `ignoreIndex` (when `ignores` ≠ 0) or outside [0, classes) gets loss 0 and a zero
 * gradient row.
 */
export function softmaxCrossEntropyF32(
  logits: usize,
  targets: usize,
  loss: usize,
  gradient: usize,
  rows: i32,
  classes: i32,
  ignoreIndex: i32,
  ignores: i32,
  withGradient: i32,
): void {
  const vectorEnd = classes & ~3;
  const rowBytes = <usize>classes * 4;
  for (let r = 0; r < rows; r++) {
    const x = logits + <usize>r * rowBytes;
    const g = gradient + <usize>r * rowBytes;
    const t = load<i32>(targets + <usize>r * 4);
    if ((ignores != 0 && t == ignoreIndex) || t < 0 || t >= classes) {
      store<f32>(loss + <usize>r * 4, 0);
      if (withGradient != 0) memory.fill(g, 0, rowBytes);
      continue;
    }

    let maxes = f32x4.splat(-Infinity);
    let j = 0;
    for (; j < vectorEnd; j += 4) maxes = f32x4.max(maxes, v128.load(x + <usize>j * 4));
    let m = max(max(f32x4.extract_lane(maxes, 0), f32x4.extract_lane(maxes, 1)), max(f32x4.extract_lane(maxes, 2), f32x4.extract_lane(maxes, 3)));
    for (; j < classes; j++) m = max(m, load<f32>(x + <usize>j * 4));

    const shift = f32x4.splat(m);
    let sums = f32x4.splat(0);
    for (j = 0; j < vectorEnd; j += 4) {
      const e = expNonPositive(f32x4.sub(v128.load(x + <usize>j * 4), shift));
      if (withGradient != 0) v128.store(g + <usize>j * 4, e);
      sums = f32x4.add(sums, e);
    }
    let total = <f64>f32x4.extract_lane(sums, 0) + <f64>f32x4.extract_lane(sums, 1) + <f64>f32x4.extract_lane(sums, 2) + <f64>f32x4.extract_lane(sums, 3);
    for (; j < classes; j++) {
      const e = Mathf.exp(load<f32>(x + <usize>j * 4) - m);
      if (withGradient != 0) store<f32>(g + <usize>j * 4, e);
      total += e;
    }
    store<f32>(loss + <usize>r * 4, <f32>(Math.log(total) + <f64>m - <f64>load<f32>(x + <usize>t * 4)));
    if (withGradient == 0) continue;

    const inverse = <f32>(1 / total);
    const scale = f32x4.splat(inverse);
    for (j = 0; j < vectorEnd; j += 4) v128.store(g + <usize>j * 4, f32x4.mul(v128.load(g + <usize>j * 4), scale));
    for (; j < classes; j++) store<f32>(g + <usize>j * 4, load<f32>(g + <usize>j * 4) * inverse);
    store<f32>(g + <usize>t * 4, load<f32>(g + <usize>t * 4) - 1);
  }
}
