import {
  add,
  createCpuBackend,
  dispose,
  Generator,
  matmul,
  mul,
  normal,
  numHandles,
  rnnSequence,
  setBackend,
  sigmoid,
  slice,
  sub,
  tanh,
  tidy,
  type Tensor,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCell, type CellDefinition, type CellSpec } from './cell.js';
import { elmanCell } from './cells/elman.js';
import { gruCell } from './cells/gru.js';
import { jordanCell } from './cells/jordan.js';
import { lstmCell, type LstmOptions } from './cells/lstm/lstm-cell.js';
import { linear } from './gates/linear.js';
import { initParameters } from './init-parameters.js';
import { glorotUniform } from './initializers/random.js';
import { maxAbsDifference } from './testing/tensors.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [I, H, B] = [3, 4, 2];
const f64 = { dtype: 'float64' as const };
const weightsOf = (cell: CellDefinition): Record<string, Tensor> => initParameters(cell, { generator: new Generator(1), ...f64 });
const inputs = (): { x: Tensor; h0: Tensor; c0: Tensor } => {
  const generator = new Generator(2);
  return { x: normal([B, I], { generator, ...f64 }), h0: normal([B, H], { generator, ...f64 }), c0: normal([B, H], { generator, ...f64 }) };
};

/** One step of `cell` with an observer: the new state and every report, by name. */
function observedStep(cell: CellDefinition, weights: Record<string, Tensor>, state: Tensor[], x: Tensor): { next: Tensor[]; seen: Record<string, Tensor> } {
  const seen: Record<string, Tensor> = {};
  const next = cell.bind(weights, { observe: (name, value) => (seen[name] = value) }).step(x, state);
  return { next, seen };
}

// The oracle, written without the cells' helpers: x·Wᵀ + b over rows [start, start + count).
const rows = (t: Tensor, start: number, count: number): Tensor => slice(t, [start], [count]);
const affine = (x: Tensor, w: Tensor, b: Tensor, start: number, count: number): Tensor =>
  add(matmul(x, rows(w, start, count), { transposeB: true }), rows(b, start, count));
/** Pre-activation rows [start, start + count) of an LSTM or GRU: both operands, both biases. */
const pre = (w: Record<string, Tensor>, x: Tensor, h: Tensor, start: number, count: number): Tensor =>
  add(affine(x, w.weight_ih!, w.bias_ih!, start, count), affine(h, w.weight_hh!, w.bias_hh!, start, count));

const expectSame = (actual: Tensor | undefined, expected: Tensor): void => {
  expect(actual?.shape).toEqual(expected.shape);
  expect(maxAbsDifference(actual!, expected)).toBeLessThan(1e-12);
};

describe('observing an LSTM step', () => {
  const lstm = (options: Partial<LstmOptions> = {}): CellDefinition => lstmCell({ inputSize: I, hiddenSize: H, ...options });

  it('reports i, f, g and o as the equations give them, peepholes included', () => {
    const cell = lstm({ peephole: true });
    const w = weightsOf(cell);
    const { x, h0, c0 } = inputs();
    const { next, seen } = observedStep(cell, w, [h0, c0], x);
    expect(Object.keys(seen)).toEqual(['input_gate', 'forget_gate', 'candidate', 'output_gate']);
    const i = sigmoid(add(pre(w, x, h0, 0, H), mul(w.weight_ci!, c0)));
    const f = sigmoid(add(pre(w, x, h0, H, H), mul(w.weight_cf!, c0)));
    const g = tanh(pre(w, x, h0, 2 * H, H));
    const c = add(mul(f, c0), mul(i, g));
    const o = sigmoid(add(pre(w, x, h0, 3 * H, H), mul(w.weight_co!, c)));
    expectSame(seen.input_gate, i);
    expectSame(seen.forget_gate, f);
    expectSame(seen.candidate, g);
    expectSame(seen.output_gate, o);
    expectSame(next[1], c);
    expectSame(next[0], mul(o, tanh(c)));
  });

  it("reports CIFG's coupled forget gate, 1 − i", () => {
    const cell = lstm({ variant: 'CIFG' });
    const w = weightsOf(cell);
    const { x, h0, c0 } = inputs();
    const { seen } = observedStep(cell, w, [h0, c0], x);
    const i = sigmoid(pre(w, x, h0, 0, H));
    expectSame(seen.input_gate, i);
    expectSame(seen.forget_gate, sub(1, i));
  });

  it('reports one gate per memory block: [batch, hiddenSize / blockSize]', () => {
    const cell = lstm({ blockSize: 2 });
    const w = weightsOf(cell);
    const { x, h0, c0 } = inputs();
    const { seen } = observedStep(cell, w, [h0, c0], x);
    // Rows i (2), f (2), g (4), o (2).
    expectSame(seen.input_gate, sigmoid(pre(w, x, h0, 0, 2)));
    expectSame(seen.forget_gate, sigmoid(pre(w, x, h0, 2, 2)));
    expectSame(seen.candidate, tanh(pre(w, x, h0, 4, H)));
    expectSame(seen.output_gate, sigmoid(pre(w, x, h0, 4 + H, 2)));
  });

  it('reports only the gates the variant has', () => {
    const { x, h0, c0 } = inputs();
    const names = (options: Partial<LstmOptions>): string[] => {
      const cell = lstm(options);
      return Object.keys(observedStep(cell, weightsOf(cell), [h0, c0], x).seen);
    };
    expect(names({ variant: 'NIG' })).toEqual(['forget_gate', 'candidate', 'output_gate']);
    expect(names({ variant: 'NFG' })).toEqual(['input_gate', 'candidate', 'output_gate']);
    expect(names({ variant: 'NOG' })).toEqual(['input_gate', 'forget_gate', 'candidate']);
  });
});

describe('observing a GRU step', () => {
  for (const resetAfter of [true, false]) {
    it(`reports r, z and n as the equations give them (resetAfter: ${resetAfter})`, () => {
      const cell = gruCell({ inputSize: I, hiddenSize: H, resetAfter });
      const w = weightsOf(cell);
      const { x, h0 } = inputs();
      const { next, seen } = observedStep(cell, w, [h0], x);
      expect(Object.keys(seen)).toEqual(['reset_gate', 'update_gate', 'candidate']);
      const r = sigmoid(pre(w, x, h0, 0, H));
      const z = sigmoid(pre(w, x, h0, H, H));
      const recurrent = resetAfter
        ? mul(r, affine(h0, w.weight_hh!, w.bias_hh!, 2 * H, H))
        : affine(mul(r, h0), w.weight_hh!, w.bias_hh!, 2 * H, H);
      const n = tanh(add(affine(x, w.weight_ih!, w.bias_ih!, 2 * H, H), recurrent));
      expectSame(seen.reset_gate, r);
      expectSame(seen.update_gate, z);
      expectSame(seen.candidate, n);
      expectSame(next[0], add(mul(sub(1, z), n), mul(z, h0)));
    });
  }
});

describe('observing the simple networks', () => {
  it("reports a Jordan network's hidden layer, which is not part of its state", () => {
    const cell = jordanCell({ inputSize: I, hiddenSize: 5, outputSize: H });
    const w = weightsOf(cell);
    const { x, h0: y0 } = inputs();
    const { seen } = observedStep(cell, w, [y0], x);
    expectSame(seen.hidden, tanh(add(linear(x, w.weight_ih!, w.bias_ih), linear(y0, w.weight_yh!, w.bias_yh))));
  });

  it('reports nothing for an Elman network, whose state is all there is', () => {
    const cell = elmanCell({ inputSize: I, hiddenSize: H });
    const { x, h0 } = inputs();
    expect(observedStep(cell, weightsOf(cell), [h0], x).seen).toEqual({});
  });
});

describe('bind with an observer', () => {
  const cells: [string, CellDefinition][] = [
    ['lstm', lstmCell({ inputSize: I, hiddenSize: H, peephole: true })],
    ['FGR lstm', lstmCell({ inputSize: I, hiddenSize: H, variant: 'FGR' })],
    ['gru', gruCell({ inputSize: I, hiddenSize: H })],
  ];

  it('changes no result, step or sequence', () => {
    const xs = normal([5, B, I], { generator: new Generator(3), ...f64 });
    for (const [, cell] of cells) {
      const w = weightsOf(cell);
      const plain = rnnSequence(cell.bind(w), xs);
      const observed = rnnSequence(cell.bind(w, { observe: () => undefined }), xs);
      expect(maxAbsDifference(observed.output, plain.output)).toBeLessThan(1e-12);
      observed.state.forEach((s, k) => {
        expect(maxAbsDifference(s, plain.state[k]!)).toBeLessThan(1e-12);
      });
    }
  });

  it('runs composed: the bound cell offers no fused kernel binding', () => {
    const cell = lstmCell({ inputSize: I, hiddenSize: H });
    const w = weightsOf(cell);
    expect(cell.bind(w).fused).toBeDefined();
    expect(cell.bind(w, { observe: () => undefined }).fused).toBeUndefined();
  });

  it('hands over reports that outlive the step, and keeps nothing when nobody observes', () => {
    for (const [name, cell] of cells) {
      const w = weightsOf(cell);
      const { x, h0 } = inputs();
      const state = cell.stateSizes.map((size) => normal([B, size], { generator: new Generator(4), ...f64 }));
      state[0] = h0;
      const before = numHandles();
      const plain = cell.bind(w).step(x, state);
      expect(numHandles(), name).toBe(before + state.length);
      dispose(plain);
      const seen: Tensor[] = [];
      const next = cell.bind(w, { observe: (_, value) => seen.push(value) }).step(x, state);
      expect(numHandles(), name).toBe(before + state.length + seen.length);
      // Alive after the step: reading a disposed tensor throws.
      seen.forEach((t) => t.dataSync());
      dispose([next, seen]);
      expect(numHandles(), name).toBe(before);
    }
  });

  it('frees everything a sequence under an observer computes once the caller’s scope closes', () => {
    const cell = gruCell({ inputSize: I, hiddenSize: H });
    const w = weightsOf(cell);
    const xs = normal([5, B, I], { generator: new Generator(3), ...f64 });
    const before = numHandles();
    let reports = 0;
    tidy(() => {
      rnnSequence(cell.bind(w, { observe: () => reports++ }), xs);
    });
    expect(reports).toBe(5 * 3);
    expect(numHandles()).toBe(before);
  });

  it("lets a user cell report what it likes, and one written without `observe` bind with an observer", () => {
    const tiny = (step: CellSpec<'weight_ih'>['step']): CellDefinition =>
      defineCell({ kind: 'tiny', inputSize: I, stateNames: ['h'], stateSizes: [H], parameters: [{ name: 'weight_ih', shape: [H, I], init: glorotUniform() }], step });
    const silent = tiny((w, x, [h]) => [tanh(add(linear(x, w.weight_ih), h!))]);
    const reporting = tiny((w, x, [h], observe) => {
      const a = linear(x, w.weight_ih);
      observe('drive', a);
      return [tanh(add(a, h!))];
    });
    const w = weightsOf(silent);
    const { x, h0 } = inputs();
    expect(observedStep(silent, w, [h0], x).seen).toEqual({});
    // The observer may compute with a report: it runs after the step's scope has closed.
    let doubled: Tensor | undefined;
    const next = reporting.bind(w, { observe: (_, value) => (doubled = mul(value, 2)) }).step(x, [h0]);
    expectSame(doubled, mul(linear(x, w.weight_ih!), 2));
    expectSame(next[0], silent.bind(w).step(x, [h0])[0]!);
  });
});
