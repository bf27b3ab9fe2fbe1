import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  concat,
  createCpuBackend,
  Generator,
  grad,
  matmul,
  mul,
  normal,
  numHandles,
  reshape,
  reverse,
  rnnSequence,
  setBackend,
  ShapeError,
  slice,
  sum,
  tanh,
  zeros,
  fromArray,
  type RecurrentCell,
  type Tensor,
} from '../index.js';

// The fixtures below are made at collection time, so the backend is chosen first.
setBackend(createCpuBackend());

/** h' = tanh(x·Wᵀ + h·Uᵀ): the smallest real cell. */
function elman(w: Tensor, u: Tensor): RecurrentCell {
  return {
    stateSizes: [u.shape[0]!],
    step: (x, [h]) => [tanh(add(matmul(x, w, { transposeB: true }), matmul(h!, u, { transposeB: true })))],
  };
}

const fromArrayLike = (data: ArrayLike<number>): Tensor => fromArray(Float64Array.from(data));
const values = (t: Tensor): number[] => [...t.dataSync()];
const close = (a: Tensor, b: Tensor): void => {
  const [va, vb] = [values(a), values(b)];
  expect(va.length).toBe(vb.length);
  va.forEach((v, i) => { expect(v).toBeCloseTo(vb[i]!, 12); });
};

/** Entry `b` alone, cut to `n` steps: [n, 1, I]. */
const entry = (x: Tensor, b: number, n: number): Tensor => slice(x, [0, b, 0], [n, 1, -1]);

describe('rnnSequence', () => {
  const gen = new Generator(3);
  const f64 = { generator: gen, dtype: 'float64' as const };
  const [T, B, I, H] = [5, 3, 2, 4];
  const w = normal([H, I], f64);
  const u = mul(normal([H, H], f64), 0.5);
  const x = normal([T, B, I], f64);
  const cell = elman(w, u);

  it('runs the cell step by step and returns every output and the final state', () => {
    const { output, state } = rnnSequence(cell, x);
    expect(output.shape).toEqual([T, B, H]);
    let h = zeros([B, H], { dtype: 'float64' });
    for (let t = 0; t < T; t++) {
      h = cell.step(reshape(slice(x, [t], [1]), [B, I]), [h])[0]!;
      close(reshape(slice(output, [t], [1]), [B, H]), h);
    }
    close(state[0]!, h);
  });

  it('gives each entry of a variable-length batch the result it gets alone (packed semantics)', () => {
    const lengths = [5, 2, 0];
    for (const reversed of [false, true]) {
      const { output, state } = rnnSequence(cell, x, { lengths, reverse: reversed });
      lengths.forEach((n, b) => {
        const alone = rnnSequence(cell, entry(x, b, n), { reverse: reversed });
        if (n > 0) close(entry(output, b, n), alone.output);
        close(slice(state[0]!, [b], [1]), alone.state[0]!);
        // Outputs past the length are zero.
        expect(values(slice(output, [n, b, 0], [T - n, 1, -1])).every((v) => v === 0)).toBe(true);
      });
    }
  });

  it('runs the reverse direction from the last step, returning outputs in input order', () => {
    const backward = rnnSequence(cell, x, { reverse: true });
    const forwardOnFlipped = rnnSequence(cell, reverse(x, 0));
    close(backward.output, reverse(forwardOnFlipped.output, 0));
    close(backward.state[0]!, forwardOnFlipped.state[0]!);
  });

  it('starts from the given initial state', () => {
    const h0 = normal([B, H], f64);
    const { state } = rnnSequence(cell, slice(x, [0], [1]), { initialState: [h0] });
    close(state[0]!, cell.step(reshape(slice(x, [0], [1]), [B, I]), [h0])[0]!);
  });

  it('differentiates through time with shared weights and frees everything else', () => {
    const before = numHandles();
    const [dw, du] = grad((w: Tensor, u: Tensor) => sum(rnnSequence(elman(w, u), x, { lengths: [5, 3, 1] }).output))(w, u);
    expect(dw!.shape).toEqual([H, I]);
    expect(du!.shape).toEqual([H, H]);
    expect(numHandles()).toBe(before + 2);
    // Central differences on one weight entry.
    const eps = 1e-6;
    const at = (delta: number): number => {
      const bumped = add(w, reshape(zeros([H * I], { dtype: 'float64' }), [H, I]));
      const data = bumped.dataSync();
      data[1]! += delta;
      const w2 = reshape(fromArrayLike(data), [H, I]);
      return sum(rnnSequence(elman(w2, u), x, { lengths: [5, 3, 1] }).output).itemSync();
    };
    expect(dw!.dataSync()[1]).toBeCloseTo((at(eps) - at(-eps)) / (2 * eps), 7);
  });

  it('carries the state over masked steps and outputs zero there (Keras masks)', () => {
    // Entry 0 masks steps 1 and 3: its state skips them, as if they were not in the sequence.
    const maskValues = [[1, 1, 1], [0, 1, 1], [1, 1, 0], [0, 1, 0], [1, 1, 0]];
    const mask = fromArray(maskValues, { dtype: 'bool' });
    const { output, state } = rnnSequence(cell, x, { mask });
    const kept = [0, 2, 4].map((t) => slice(x, [t, 0, 0], [1, 1, -1]));
    const alone = rnnSequence(cell, concat(kept, 0));
    close(slice(state[0]!, [0], [1]), alone.state[0]!);
    close(slice(output, [4, 0, 0], [1, 1, -1]), slice(alone.output, [2], [1]));
    expect(values(slice(output, [1, 0, 0], [1, 1, -1])).every((v) => v === 0)).toBe(true);
    // A padding-at-the-end mask is the same as lengths, in both directions.
    const padding = fromArray([[1, 1, 1], [1, 1, 0], [1, 0, 0], [1, 0, 0], [1, 0, 0]], { dtype: 'bool' });
    for (const reversed of [false, true]) {
      const byMask = rnnSequence(cell, x, { mask: padding, reverse: reversed });
      const byLengths = rnnSequence(cell, x, { lengths: [5, 2, 1], reverse: reversed });
      close(byMask.state[0]!, byLengths.state[0]!);
    }
    expect(() => rnnSequence(cell, x, { mask, lengths: [1, 1, 1] })).toThrow(ArgumentError);
    expect(() => rnnSequence(cell, x, { mask: fromArray([[1, 1, 1]], { dtype: 'bool' }) })).toThrow(/mask must be \[time, batch\]/);
  });

  it('names the problem when inputs do not fit', () => {
    expect(() => rnnSequence(cell, reshape(x, [T * B, I]))).toThrow(ShapeError);
    expect(() => rnnSequence(cell, x, { lengths: [1, 2] })).toThrow(ArgumentError);
    expect(() => rnnSequence(cell, x, { lengths: [1, 2, 6] })).toThrow(/lengths \[2\] = 6 is not an integer in \[0, 5\]/);
    expect(() => rnnSequence(cell, x, { initialState: [zeros([B, H + 1], { dtype: 'float64' })] })).toThrow(/initialState\[0\] must be \[batch, 4\]/);
  });
});
