import {
  ArgumentError,
  createCpuBackend,
  DTypeError,
  fromArray,
  Generator,
  setBackend,
  sum,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Embedding } from './embedding.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const ids = (values: number[] | number[][]): Tensor => fromArray(values, { dtype: 'int32' });
const rowsOf = (t: Tensor, width: number): number[][] => {
  const data = [...t.dataSync()];
  return Array.from({ length: data.length / width }, (_, i) => data.slice(i * width, (i + 1) * width));
};

describe('Embedding', () => {
  it('has a weight [numEmbeddings, embeddingDim] drawn from N(0, 1)', () => {
    const embed = new Embedding({ numEmbeddings: 50, embeddingDim: 40, generator: new Generator(0) });
    expect(embed.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([['weight', [50, 40]]]);
    const values = [...embed.weight.dataSync()];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
  });

  it('looks up one row per index, for indices of any shape', () => {
    const embed = new Embedding({ numEmbeddings: 5, embeddingDim: 3, generator: new Generator(0) });
    const table = rowsOf(embed.weight, 3);
    const out = embed.forward(ids([[4, 0, 4], [1, 2, 3]]));
    expect(out.shape).toEqual([2, 3, 3]);
    expect(rowsOf(out, 3)).toEqual([4, 0, 4, 1, 2, 3].map((i) => table[i]));
    expect(embed.forward(fromArray(new Int32Array([2]), { shape: [] })).shape).toEqual([3]);
  });

  it('starts the padding row at zero, counting a negative paddingIdx from the end', () => {
    const embed = new Embedding({ numEmbeddings: 4, embeddingDim: 3, paddingIdx: -1, generator: new Generator(0) });
    expect(embed.paddingIdx).toBe(3);
    const table = rowsOf(embed.weight, 3);
    expect(table[3]).toEqual([0, 0, 0]);
    expect(table.slice(0, 3).every((row) => row.some((v) => v !== 0))).toBe(true);
  });

  it('gives the padding row a zero gradient, and every other row one per use', () => {
    const embed = new Embedding({ numEmbeddings: 4, embeddingDim: 2, paddingIdx: 0, generator: new Generator(0) });
    const { grads } = variableGrads(() => sum(embed.forward(ids([[1, 0, 1], [0, 3, 0]]))));
    expect(rowsOf(grads.get(embed.weight)!, 2)).toEqual([[0, 0], [2, 2], [0, 0], [1, 1]]);
  });

  it('still returns what the padding row holds (only its gradient is cut)', () => {
    const embed = new Embedding({ numEmbeddings: 2, embeddingDim: 2, paddingIdx: 0, generator: new Generator(0) });
    embed.loadStateDict({ weight: fromArray([[7, 8], [1, 2]]) });
    expect(rowsOf(embed.forward(ids([0, 1])), 2)).toEqual([[7, 8], [1, 2]]);
  });

  it('throws a typed error for an out-of-range or non-int32 index', () => {
    const embed = new Embedding({ numEmbeddings: 5, embeddingDim: 2, generator: new Generator(0) });
    expect(() => embed.forward(ids([1, 5]))).toThrow(ArgumentError);
    expect(() => embed.forward(ids([1, 5]))).toThrow(/value 5 at flat index 1 is out of range \[0, 5\)/);
    expect(() => embed.forward(ids([-1]))).toThrow(ArgumentError);
    expect(() => embed.forward(fromArray([1, 2]))).toThrow(DTypeError);
  });

  it('refuses a paddingIdx outside the table', () => {
    expect(() => new Embedding({ numEmbeddings: 3, embeddingDim: 2, paddingIdx: 3, generator: new Generator(0) })).toThrow(ArgumentError);
    expect(() => new Embedding({ numEmbeddings: 3, embeddingDim: 2, paddingIdx: -4, generator: new Generator(0) })).toThrow(ArgumentError);
  });
});

describe('Embedding masks', () => {
  it('masks the padding tokens, Keras mask_zero style', () => {
    const embed = new Embedding({ numEmbeddings: 5, embeddingDim: 2, paddingIdx: 0, generator: new Generator(0) });
    const mask = embed.computeMask(fromArray([[3, 1, 0, 0]], { dtype: 'int32' }));
    expect(mask.dtype).toBe('bool');
    expect(mask.arraySync()).toEqual([[true, true, false, false]]);
    const noPadding = new Embedding({ numEmbeddings: 5, embeddingDim: 2, generator: new Generator(0) });
    expect(() => noPadding.computeMask(fromArray([[1]], { dtype: 'int32' }))).toThrow(/paddingIdx is not set/);
  });
});
