import {
  add,
  ArgumentError,
  createCpuBackend,
  dispose,
  DTypeError,
  fromArray,
  Generator,
  gradientMismatches,
  mul,
  normal,
  numHandles,
  setBackend,
  setDebugMode,
  ShapeError,
  slice,
  sum,
  tidy,
  uniform,
  valueAndGrad,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { buildModule, builtinModuleTypes, type ModuleRegistry } from '../../module/registry.js';
import { AdditiveAttention } from './additive-attention.js';
import { Attention, maskedSoftmax } from './attention.js';
import { LuongAttention } from './luong-attention.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [S, B, T, Q, K, U] = [4, 3, 2, 3, 5, 6];
const LENGTHS = [4, 2, 1];
const f64 = (generator: Generator) => ({ generator, dtype: 'float64' as const });

type Make = () => Attention;
const layers: [string, Make][] = [
  ['additive', () => new AdditiveAttention({ querySize: Q, keySize: K, units: U, dtype: 'float64', generator: new Generator(1) })],
  ['dot', () => new LuongAttention({ querySize: K, keySize: K, score: 'dot', dtype: 'float64', generator: new Generator(2) })],
  ['scaled dot', () => new LuongAttention({ querySize: K, keySize: K, score: 'dot', scale: true, dtype: 'float64', generator: new Generator(2) })],
  ['general', () => new LuongAttention({ querySize: Q, keySize: K, score: 'general', dtype: 'float64', generator: new Generator(3) })],
  ['scaled general', () => new LuongAttention({ querySize: Q, keySize: K, score: 'general', scale: true, dtype: 'float64', generator: new Generator(3) })],
];

/** Random float64 values [S, B, K] and queries [T, B, querySize]. */
function inputs(layer: Attention, seed = 7, steps = T): { values: Tensor; queries: Tensor } {
  const generator = new Generator(seed);
  return { values: normal([S, B, layer.keySize], f64(generator)), queries: normal([steps, B, layer.querySize], f64(generator)) };
}

// ---------------------------------------------------------------------------------------------
// The reference: plain loops over plain arrays, written straight from the papers' formulas.

/** Row-major flat array → a reader by indices. */
const reader = (t: Tensor) => {
  const data = t.dataSync();
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return (...index: number[]): number => data[index.reduce((at, x, i) => at + x * strides[i]!, 0)]!;
};

function referenceScore(layer: Attention, q: number[], k: number[]): number {
  const p = Object.fromEntries(Object.entries(layer.stateDict()).map(([name, t]) => [name, reader(t)]));
  if (layer instanceof AdditiveAttention) {
    let score = 0;
    for (let u = 0; u < layer.units; u++) {
      let h = p['key.bias']!(u);
      for (let i = 0; i < q.length; i++) h += p['query.weight']!(u, i) * q[i]!;
      for (let j = 0; j < k.length; j++) h += p['key.weight']!(u, j) * k[j]!;
      score += p.v!(u) * Math.tanh(h);
    }
    return score;
  }
  if (!(layer instanceof LuongAttention)) throw new Error('unknown layer');
  let score = 0;
  for (let i = 0; i < q.length; i++) {
    let wk = 0;
    if (layer.score === 'dot') wk = k[i]!;
    else for (let j = 0; j < k.length; j++) wk += p['key.weight']!(i, j) * k[j]!;
    score += q[i]! * wk;
  }
  return layer.scale ? score / Math.sqrt(layer.querySize) : score;
}

/** context [T][B][K] and weights [T][B][S] by loops; padded weights are 0. */
function reference(layer: Attention, values: Tensor, queries: Tensor, lengths?: readonly number[]) {
  const v = reader(values);
  const q = reader(queries);
  const [steps, batch, keySize] = values.shape as [number, number, number];
  const targets = queries.shape[0]!;
  const context: number[] = [];
  const weights: number[] = [];
  for (let t = 0; t < targets; t++) {
    for (let b = 0; b < batch; b++) {
      const n = lengths?.[b] ?? steps;
      const query = Array.from({ length: layer.querySize }, (_, i) => q(t, b, i));
      const scores = Array.from({ length: n }, (_, s) => referenceScore(layer, query, Array.from({ length: keySize }, (_, j) => v(s, b, j))));
      const top = Math.max(...scores);
      const e = scores.map((x) => Math.exp(x - top));
      const total = e.reduce((a, x) => a + x, 0);
      const w = Array.from({ length: steps }, (_, s) => (s < n ? e[s]! / total : 0));
      weights.push(...w);
      for (let j = 0; j < keySize; j++) context.push(w.reduce((a, ws, s) => a + ws * v(s, b, j), 0));
    }
  }
  return { context, weights };
}

const expectClose = (actual: Tensor, expected: number[], digits = 12): void => {
  const data = [...actual.dataSync()];
  expect(data).toHaveLength(expected.length);
  data.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i]!, digits);
  });
};

// ---------------------------------------------------------------------------------------------
// Central differences, element by element, in float64.

describe.each(layers)('%s attention', (_, make) => {
  it.each([
    ['without lengths', undefined],
    ['with lengths', LENGTHS],
  ])('matches the loop reference %s', (_label, lengths) => {
    const layer = make();
    const { values, queries } = inputs(layer);
    const { context, weights } = layer.call(queries, values, lengths);
    expect(context.shape).toEqual([T, B, K]);
    expect(weights.shape).toEqual([T, B, S]);
    const expected = reference(layer, values, queries, lengths);
    expectClose(context, expected.context);
    expectClose(weights, expected.weights);
  });

  it('has weight rows that sum to 1 and are exactly 0 at padded steps', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    const memory = layer.prepare(values, LENGTHS);
    expect(memory.mask?.shape).toEqual([B, 1, S]);
    const w = reader(layer.attend(memory, queries).weights);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        let total = 0;
        for (let s = 0; s < S; s++) {
          total += w(t, b, s);
          if (s >= LENGTHS[b]!) expect(w(t, b, s)).toBe(0);
          else expect(w(t, b, s)).toBeGreaterThan(0);
        }
        expect(total).toBeCloseTo(1, 14);
      }
    }
  });

  it('ignores whatever the padded steps hold', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    // Huge values in the padding: they would dominate an unmasked softmax, and overflow exp.
    const data = Float64Array.from(values.dataSync());
    for (let s = 0; s < S; s++) for (let b = 0; b < B; b++) if (s >= LENGTHS[b]!) for (let k = 0; k < K; k++) data[(s * B + b) * K + k] = 1e6 * (k + 1);
    const noisy = layer.call(queries, fromArray(data, { shape: values.shape }), LENGTHS);
    const clean = layer.call(queries, values, LENGTHS);
    expectClose(noisy.context, [...clean.context.dataSync()]);
    expectClose(noisy.weights, [...clean.weights.dataSync()]);
  });

  it('attends one step at a time exactly as to the whole target', () => {
    const layer = make();
    const { values, queries } = inputs(layer, 7, 3);
    const memory = layer.prepare(values, LENGTHS);
    const whole = layer.attend(memory, queries);
    for (let t = 0; t < 3; t++) {
      const step = layer.attend(memory, slice(queries, [t], [1]));
      expect(step.context.shape).toEqual([1, B, K]);
      expect([...step.context.dataSync()]).toEqual([...slice(whole.context, [t], [1]).dataSync()]);
      expect([...step.weights.dataSync()]).toEqual([...slice(whole.weights, [t], [1]).dataSync()]);
    }
  });

  it.each([
    ['without lengths', undefined],
    ['with lengths', LENGTHS],
  ])('has gradients (queries, values, every parameter) equal to central differences %s', (_label, lengths) => {
    const layer = make();
    const { values, queries } = inputs(layer);
    const generator = new Generator(9);
    // Random weights on context and attention weights, so no gradient is a plain sum.
    const contextWeight = normal([T, B, K], f64(generator));
    const weightsWeight = normal([T, B, S], f64(generator));
    const parameters = layer.namedParameters();
    // Queries and values by valueAndGrad (parameters held fixed)…
    const inputsOnly = (q: Tensor, v: Tensor): Tensor => {
      const { context, weights } = layer.call(q, v, lengths);
      return add(sum(mul(context, contextWeight)), sum(mul(weights, weightsWeight)));
    };
    expect(gradientMismatches(inputsOnly, [queries, values], ['queries', 'values'])).toEqual([]);
    // …and the parameters by variableGrads against differences taken by perturbing each in place.
    if (parameters.length === 0) return;
    const { value, grads } = variableGrads(() => inputsOnly(queries, values));
    value.dispose();
    const eps = 1e-6;
    for (const [name, p] of parameters) {
      const analytic = grads.get(p)!.dataSync();
      const point = Float64Array.from(p.dataSync());
      for (let i = 0; i < point.length; i++) {
        const original = point[i]!;
        const at = (x: number): number => {
          point[i] = x;
          return tidy(() => {
            p.assign(fromArray(point, { shape: p.shape }));
            return inputsOnly(queries, values).itemSync();
          });
        };
        const numeric = (at(original + eps) - at(original - eps)) / (2 * eps);
        at(original);
        expect(Math.abs(analytic[i]! - numeric), `${name}[${i}]`).toBeLessThan(1e-8 + 1e-6 * Math.abs(numeric));
      }
    }
    dispose([...grads.values()]);
  });

  it('sends no gradient to padded values', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    const { grads: [dv] } = valueAndGrad((v: Tensor) => {
      const { context, weights } = layer.call(queries, v, LENGTHS);
      return add(sum(context), sum(mul(weights, weights)));
    })(values);
    const g = reader(dv!);
    for (let s = 0; s < S; s++) for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) if (s >= LENGTHS[b]!) expect(g(s, b, k)).toBe(0);
  });

  it('rebuilds from toConfig and gives the same outputs after loadStateDict', () => {
    const layer = make();
    const registry: ModuleRegistry = {
      ...builtinModuleTypes,
      AdditiveAttention: (options, context) => AdditiveAttention.fromConfig(options, context),
      LuongAttention: (options, context) => LuongAttention.fromConfig(options, context),
    };
    const config = JSON.parse(JSON.stringify(layer.toConfig())) as unknown;
    const rebuilt = buildModule(config, { registry, generator: new Generator(99) });
    if (!(rebuilt instanceof Attention)) throw new Error('not an Attention');
    expect(rebuilt.toConfig()).toEqual(layer.toConfig());
    rebuilt.loadStateDict(layer.stateDict());
    const { values, queries } = inputs(layer);
    const a = layer.call(queries, values, LENGTHS);
    const b = rebuilt.call(queries, values, LENGTHS);
    expect([...b.context.dataSync()]).toEqual([...a.context.dataSync()]);
    expect([...b.weights.dataSync()]).toEqual([...a.weights.dataSync()]);
  });

  it('leaks no handles: a tidy attend, and prepare → attend → dispose of what prepare made', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    const memory = layer.prepare(values, LENGTHS);
    const before = numHandles();
    tidy(() => {
      layer.attend(memory, queries);
    });
    expect(numHandles()).toBe(before);
    dispose(tidy(() => layer.attend(memory, queries)));
    expect(numHandles()).toBe(before);
    dispose([memory.keys, memory.mask]);
    const start = numHandles();
    dispose(layer.call(queries, values, LENGTHS));
    dispose(tidy(() => layer.call(queries, values)));
    expect(numHandles()).toBe(start);
    expect(values.isDisposed).toBe(false);
  });

  it('works in debug mode: padded steps never make a non-finite tensor', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    setDebugMode(true);
    try {
      const { weights } = layer.call(queries, values, LENGTHS);
      expect(Number.isFinite(weights.dataSync()[0])).toBe(true);
    } finally {
      setDebugMode(false);
    }
  });

  it('throws typed errors for bad shapes, lengths and dtypes', () => {
    const layer = make();
    const { values, queries } = inputs(layer);
    expect(() => layer.prepare(values, [4, 0, 1])).toThrow(ArgumentError);
    expect(() => layer.prepare(values, [4, 0, 1])).toThrow(/lengths\[1\] is 0: an empty source/);
    expect(() => layer.prepare(values, [4, 5, 1])).toThrow(/lengths\[1\] = 5 is not an integer in \[1, 4\]/);
    expect(() => layer.prepare(values, [4, 1.5, 1])).toThrow(ArgumentError);
    expect(() => layer.prepare(values, [4, 2])).toThrow(/lengths has 2 entries for a batch of 3/);
    expect(() => layer.prepare(slice(values, [0, 0, 0], [-1, -1, K - 1]))).toThrow(ShapeError);
    expect(() => layer.prepare(slice(values, [0, 0, 0], [-1, -1, K - 1]))).toThrow(/values must be \[S, B, keySize\] = \[S, B, 5\]/);
    expect(() => layer.prepare(slice(values, [0], [0]))).toThrow(/at least one source step/);
    expect(() => layer.prepare(uniform([S, B, K], { generator: new Generator(0) }))).toThrow(DTypeError);
    const memory = layer.prepare(values);
    const wrongSize = normal([T, B, layer.querySize + 1], f64(new Generator(0)));
    expect(() => layer.attend(memory, wrongSize)).toThrow(ShapeError);
    expect(() => layer.attend(memory, wrongSize)).toThrow(new RegExp(`queries must be \\[T, B, querySize\\] = \\[T, 3, ${layer.querySize}\\]`));
    expect(() => layer.attend(memory, slice(queries, [0, 0], [-1, 2]))).toThrow(ShapeError);
    expect(() => layer.attend({ ...memory, keys: slice(memory.keys, [0, 0], [-1, 2]) }, queries)).toThrow(/memory.keys must start \[B, S\]/);
    expect(() => layer.forward(queries)).toThrow(/use prepare\(values, lengths\) then attend\(memory, queries\)/);
  });
});

describe('AdditiveAttention', () => {
  it('has submodules query (no bias), key (with bias) and v [units]', () => {
    const layer = new AdditiveAttention({ querySize: Q, keySize: K, units: U, generator: new Generator(0) });
    expect(layer.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([
      ['v', [U]],
      ['query.weight', [U, Q]],
      ['key.weight', [U, K]],
      ['key.bias', [U]],
    ]);
    const bound = 1 / Math.sqrt(U);
    for (const x of layer.v.dataSync()) expect(Math.abs(x)).toBeLessThanOrEqual(bound);
    expect(layer.toConfig()).toEqual({ type: 'AdditiveAttention', options: { querySize: Q, keySize: K, units: U, dtype: 'float32' } });
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => new AdditiveAttention({ querySize: Q, keySize: K, units: 0, generator: new Generator(0) })).toThrow(ArgumentError);
  });
});

describe('LuongAttention', () => {
  it("refuses 'dot' with different query and key sizes", () => {
    expect(() => new LuongAttention({ querySize: 3, keySize: 5, score: 'dot', generator: new Generator(0) })).toThrow(ArgumentError);
    expect(() => new LuongAttention({ querySize: 3, keySize: 5, score: 'dot', generator: new Generator(0) })).toThrow(/'dot' score needs equal sizes/);
  });

  it("has no parameters for 'dot' and key [querySize, keySize] for 'general'", () => {
    expect(new LuongAttention({ querySize: 4, keySize: 4, score: 'dot', generator: new Generator(0) }).namedParameters()).toEqual([]);
    const general = new LuongAttention({ querySize: 3, keySize: 5, score: 'general', generator: new Generator(0) });
    expect(general.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([['key.weight', [3, 5]]]);
    expect(general.toConfig()).toEqual({ type: 'LuongAttention', options: { querySize: 3, keySize: 5, score: 'general', scale: false, dtype: 'float32' } });
  });

  it('checks its config', () => {
    const registry: ModuleRegistry = { LuongAttention: (options, context) => LuongAttention.fromConfig(options, context) };
    const bad = { type: 'LuongAttention', options: { querySize: 3, keySize: 5, score: 'dot', scale: false, dtype: 'float64' } };
    expect(() => buildModule(bad, { registry })).toThrow(ConfigError);
    expect(() => buildModule({ ...bad, options: { ...bad.options, score: 'cosine' } }, { registry })).toThrow(/config.options.score must be one of 'dot', 'general'/);
  });
});

describe('maskedSoftmax', () => {
  it('equals a softmax over the real steps, zero elsewhere, even with extreme padded scores', () => {
    const scores = fromArray(new Float64Array([1, 2, 3, 1e308, -1e308, 0]), { shape: [2, 1, 3] });
    const mask = fromArray(new Uint8Array([1, 1, 0, 0, 1, 1]), { shape: [2, 1, 3], dtype: 'bool' });
    const e = [Math.exp(1), Math.exp(2)];
    expectClose(maskedSoftmax(scores, mask), [e[0]! / (e[0]! + e[1]!), e[1]! / (e[0]! + e[1]!), 0, 0, 0, 1]);
  });
});

afterEach(() => {
  setDebugMode(false);
});
