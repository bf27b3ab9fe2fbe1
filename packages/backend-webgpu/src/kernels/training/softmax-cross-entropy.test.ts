// What the shared suite's small cases cannot show: rows wider than a workgroup (each invocation
// strides over several classes), more rows than one grid dimension holds (65 535 workgroups),
// and an ignoreIndex outside the int32 range, which equals no target.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../../backend.js';
import { createTestBackend, noGpuReason } from '../../testing/gpu.js';
import { harness, uniformValues } from '../testing.js';

/** Loss and gradient in float64 (a target outside [0, C) or equal to `ignoreIndex` selects no class). */
function reference(logits: Float32Array, targets: Int32Array, classes: number, ignoreIndex: number | null): { loss: Float64Array; gradient: Float64Array } {
  const loss = new Float64Array(targets.length);
  const gradient = new Float64Array(logits.length);
  targets.forEach((t, n) => {
    if (t === ignoreIndex || t < 0 || t >= classes) return;
    const row = logits.subarray(n * classes, (n + 1) * classes);
    const max = Math.max(...row);
    const total = row.reduce((s, x) => s + Math.exp(x - max), 0);
    loss[n] = Math.log(total) + max - row[t]!;
    row.forEach((x, c) => (gradient[n * classes + c] = Math.exp(x - max) / total - (c === t ? 1 : 0)));
  });
  return { loss, gradient };
}

describe.skipIf(noGpuReason !== null)('webgpu softmaxCrossEntropy kernel', () => {
  let backend: WebGpuBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });
  afterEach(() => {
    backend.destroy();
  });

  const shapes = [
    { rows: 5, classes: 1000, ignoreIndex: 7 },
    { rows: 70_000, classes: 3, ignoreIndex: 2 ** 32 + 1 },
  ];
  for (const { rows, classes, ignoreIndex } of shapes) {
    it(`matches float64 on [${rows}, ${classes}] with ignoreIndex ${ignoreIndex}`, async () => {
      const h = harness(backend);
      const logits = uniformValues(rows * classes, rows, -6, 6);
      // Every kind of target: valid, ignored, negative, past the last class, and 1 (what 2³² + 1 wraps to in int32).
      const targets = Int32Array.from({ length: rows }, (_, n) => [n % classes, 7, -1, classes, 1][n % 5]!);
      const result = backend.softmaxCrossEntropy!(h.input(logits, [rows, classes]), h.input(targets, [rows], 'int32'), ignoreIndex, true);
      const loss = await h.output<Float32Array>(result.loss, [rows]);
      const gradient = await h.output<Float32Array>(result.gradient!, [rows, classes]);
      h.done();
      const expected = reference(logits, targets, classes, ignoreIndex);
      const worst = (actual: Float32Array, exact: Float64Array): number => actual.reduce((w, x, i) => Math.max(w, Math.abs(x - exact[i]!) / (1 + Math.abs(exact[i]!))), 0);
      expect(worst(loss, expected.loss)).toBeLessThan(1e-5);
      expect(worst(gradient, expected.gradient)).toBeLessThan(1e-6);
    });
  }
});
