import { ArgumentError, createCpuBackend, dispose, DTypeError, fromArray, Generator, setBackend, ShapeError, type Tensor } from '@rnn/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFromLogits } from './sample-from-logits.js';

setBackend(createCpuBackend());

const made: Tensor[] = [];
afterEach(() => {
  dispose(made.splice(0));
});
const tensor = (values: number[] | number[][] | number[][][], dtype: 'float32' | 'float64' | 'int32' = 'float32'): Tensor => {
  const t = fromArray(values, { dtype });
  made.push(t);
  return t;
};

const probabilities = [0.1, 0.2, 0.3, 0.4];
const rows = 20_000;
/** `rows` copies of log(probabilities), so one call draws `rows` samples. */
const logits = (): Tensor => tensor(Array.from({ length: rows }, () => probabilities.map(Math.log)), 'float64');

/** Pearson's χ² of the ids' counts against `expected` probabilities. */
function chiSquare(ids: Int32Array, expected: readonly number[]): number {
  const counts = new Array<number>(expected.length).fill(0);
  for (const id of ids) counts[id]!++;
  return expected.reduce((sum, p, i) => (p === 0 ? sum : sum + (counts[i]! - p * ids.length) ** 2 / (p * ids.length)), 0);
}
const normalize = (w: number[]): number[] => w.map((v) => v / w.reduce((s, x) => s + x, 0));
/** χ² with 3 degrees of freedom exceeds this with probability 0.001. */
const CHI2_3DOF = 16.27;

describe('sampleFromLogits', () => {
  it('draws ids with probability softmax(logits) at temperature 1', () => {
    const ids = sampleFromLogits(logits(), { generator: new Generator(0) });
    expect(ids.length).toBe(rows);
    expect(chiSquare(ids, probabilities)).toBeLessThan(CHI2_3DOF);
    // The test can tell distributions apart: these draws are far from uniform.
    expect(chiSquare(ids, [0.25, 0.25, 0.25, 0.25])).toBeGreaterThan(1000);
  });

  it('sharpens below temperature 1 and flattens above it: p ∝ p^(1/T)', () => {
    const cold = sampleFromLogits(logits(), { temperature: 0.5, generator: new Generator(1) });
    expect(chiSquare(cold, normalize(probabilities.map((p) => p ** 2)))).toBeLessThan(CHI2_3DOF);
    const hot = sampleFromLogits(logits(), { temperature: 2, generator: new Generator(2) });
    expect(chiSquare(hot, normalize(probabilities.map(Math.sqrt)))).toBeLessThan(CHI2_3DOF);
  });

  it('samples among the topK largest logits only, renormalized', () => {
    const ids = sampleFromLogits(logits(), { topK: 2, generator: new Generator(3) });
    expect(ids.every((id) => id >= 2)).toBe(true);
    expect(chiSquare(ids, [0, 0, 3 / 7, 4 / 7])).toBeLessThan(10.83); // 1 degree of freedom
  });

  it('keeps the lower ids among ties at the topK cut', () => {
    const ids = sampleFromLogits(tensor(Array.from({ length: 1000 }, () => [1, 2, 2, 2])), { topK: 2, generator: new Generator(4) });
    expect(new Set(ids)).toEqual(new Set([1, 2]));
  });

  it('is greedy at temperature 0: the argmax per row, the lowest id on ties, no generator needed', () => {
    const ids = sampleFromLogits(tensor([[0.1, 3, -1], [5, 5, 2], [-2, -3, -1]]), { temperature: 0 });
    expect(Array.from(ids)).toEqual([1, 0, 2]);
  });

  it('with topK 1 always returns the argmax', () => {
    const ids = sampleFromLogits(tensor([[0.1, 3, 2.9], [1, 0, -1]]), { topK: 1, temperature: 5, generator: new Generator(0) });
    expect(Array.from(ids)).toEqual([1, 0]);
  });

  it('never draws a −Infinity logit', () => {
    const ids = sampleFromLogits(tensor(Array.from({ length: 2000 }, () => [0, -Infinity, 0])), { generator: new Generator(5) });
    expect(ids.includes(1)).toBe(false);
    expect(ids.includes(0) && ids.includes(2)).toBe(true);
  });

  it('takes one row as [V] and returns one id', () => {
    expect(sampleFromLogits(tensor([0, 10, 0]), { temperature: 0 })).toEqual(Int32Array.from([1]));
  });

  it('gives the same ids from the same generator state, and new ones after', () => {
    const generator = new Generator(6);
    const saved = generator.getState();
    const first = sampleFromLogits(logits(), { generator });
    const second = sampleFromLogits(logits(), { generator });
    expect(second).not.toEqual(first);
    generator.setState(saved);
    expect(sampleFromLogits(logits(), { generator })).toEqual(first);
  });

  it('checks its arguments', () => {
    const generator = new Generator(0);
    const row = tensor([1, 2]);
    expect(() => sampleFromLogits(row, { temperature: -1, generator })).toThrow('sampleFromLogits: temperature must be a finite number ≥ 0 (0: greedy), got -1');
    expect(() => sampleFromLogits(row, { topK: 0, generator })).toThrow('sampleFromLogits: topK must be an integer ≥ 1, got 0');
    expect(() => sampleFromLogits(row)).toThrow(ArgumentError);
    expect(() => sampleFromLogits(tensor([1, 2], 'int32'), { generator })).toThrow(DTypeError);
    expect(() => sampleFromLogits(tensor([[[1]]]), { generator })).toThrow(ShapeError);
    expect(() => sampleFromLogits(tensor([[1, 2], [Number.NaN, 0]]), { generator })).toThrow('row 1 holds NaN at id 0');
    expect(() => sampleFromLogits(tensor([-Infinity, -Infinity]), { generator })).toThrow(/row 0 has no finite logit/);
  });
});
