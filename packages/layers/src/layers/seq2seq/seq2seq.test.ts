// Seq2Seq end to end on the cpu backend, in float64 so that gradients can be checked against
// central differences and paths that should agree (teacher forcing vs step by step, greedy vs
// beam search of width 1, a model vs its saved copy) can be compared to ~1e-12.
import {
  add,
  argmax,
  ArgumentError,
  concat,
  createCpuBackend,
  dispose,
  DTypeError,
  fromArray,
  full,
  Generator,
  logSoftmax,
  mul,
  normal,
  numHandles,
  oneHot,
  setBackend,
  ShapeError,
  slice,
  stack,
  sum,
  tidy,
  unstack,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { loadModel, saveModel } from '../../model/save-load.js';
import { buildModule } from '../../module/registry.js';
import type { JsonObject } from '../../json.js';
import { AdditiveAttention } from '../attention/additive-attention.js';
import type { AttentionMemory } from '../attention/attention.js';
import { LuongAttention } from '../attention/luong-attention.js';
import { Dense } from '../dense.js';
import { GRU, LSTM } from '../recurrent/pytorch-layers.js';
import { beamSearch, type Hypothesis } from './beam-search.js';
import { Decoder, type DecoderState } from './decoder.js';
import { Encoder } from './encoder.js';
import { reorderMemory } from './reorder-memory.js';
import { Seq2Seq } from './seq2seq.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

// ---------------------------------------------------------------------------------------------
// The models: one per decoder style, a bidirectional two-layer encoder, through a dense bridge.

const STYLES = ['plain', 'bahdanau', 'luong-general-feed', 'luong-dot'] as const;
type Style = (typeof STYLES)[number];

const SOURCE_VOCAB = 6;
const TARGET_VOCAB = 5;
const END = 0;
const START = 4;
const MAX_LENGTH = 5;
const dtype = 'float64' as const;

/**
 * plain: LSTM decoder (2 layers), embedded; bahdanau: GRU decoder (1 layer), one-hot input;
 * luong 'general': LSTM (2 layers) with input feeding and attentionSize 4; luong 'dot': GRU
 * (2 layers) without input feeding, one-hot encoder input. Encoder outputs (and the decoder's
 * state, as 'dot' needs) have size 6.
 */
function build(style: Style, seed = 1): Seq2Seq {
  const generator = new Generator(seed);
  const oneHotSource = style === 'luong-dot';
  const encoder = new Encoder({
    vocabSize: SOURCE_VOCAB,
    embeddingDim: oneHotSource ? null : 3,
    rnn: new LSTM({ inputSize: oneHotSource ? SOURCE_VOCAB : 3, hiddenSize: 3, numLayers: 2, bidirectional: true, dtype, generator }),
    generator,
  });
  const hidden = 6;
  const embeddingDim = style === 'bahdanau' ? null : 3;
  const token = embeddingDim ?? TARGET_VOCAB;
  let decoder: Decoder;
  switch (style) {
    case 'plain':
      decoder = new Decoder({ vocabSize: TARGET_VOCAB, embeddingDim, rnn: new LSTM({ inputSize: token, hiddenSize: hidden, numLayers: 2, dtype, generator }), generator });
      break;
    case 'bahdanau': {
      const attention = new AdditiveAttention({ querySize: hidden, keySize: 6, units: 4, dtype, generator });
      decoder = new Decoder({ vocabSize: TARGET_VOCAB, embeddingDim, rnn: new GRU({ inputSize: token + 6, hiddenSize: hidden, dtype, generator }), attention, generator });
      break;
    }
    case 'luong-general-feed': {
      const attention = new LuongAttention({ querySize: hidden, keySize: 6, score: 'general', dtype, generator });
      const rnn = new LSTM({ inputSize: token + 4, hiddenSize: hidden, numLayers: 2, dtype, generator });
      decoder = new Decoder({ vocabSize: TARGET_VOCAB, embeddingDim, rnn, attention, attentionSize: 4, generator });
      break;
    }
    case 'luong-dot': {
      const attention = new LuongAttention({ querySize: hidden, keySize: 6, score: 'dot', dtype, generator });
      decoder = new Decoder({ vocabSize: TARGET_VOCAB, embeddingDim, rnn: new GRU({ inputSize: token, hiddenSize: hidden, numLayers: 2, dtype, generator }), attention, inputFeeding: false, generator });
      break;
    }
  }
  return new Seq2Seq({ encoder, decoder, endToken: END, startToken: START, maxLength: MAX_LENGTH, generator });
}

/**
 * Freshly initialised, the small models say much the same whatever the source; weights 4× as
 * large make the outputs depend on it, and make some hypotheses end early and others run to
 * maxLength, so decoding is tested on varied outputs.
 */
function lively(model: Seq2Seq): Seq2Seq {
  tidy(() => {
    for (const p of model.parameters()) p.assign(mul(p, 4));
  });
  return model;
}

// Sources [S = 4, B = 3] with lengths 4, 2, 3 (the padding holds real ids, which must not matter);
// targets [T = 3, B = 3] with lengths 3, 1, 2 (each ends with END at its last real step).
const SOURCE_LENGTHS = [4, 2, 3];
const TARGET_LENGTHS = [3, 1, 2];
const [S, B, T] = [4, 3, 3];
const sourceIds = (): Tensor => fromArray([[1, 2, 3], [4, 5, 1], [2, 3, 5], [5, 1, 4]], { dtype: 'int32' });
const targetIds = (): Tensor => fromArray([[2, 0, 3], [1, 2, 0], [0, 3, 1]], { dtype: 'int32' });

/** 1 at the real target steps, [T, B, 1]. */
const targetMask = (): Tensor => fromArray(Float64Array.from({ length: T * B }, (_, i) => (Math.floor(i / B) < TARGET_LENGTHS[i % B]! ? 1 : 0)), { shape: [T, B, 1] });

/** The masked sum of the targets' negative log-probabilities, plus a random weighting of the attention weights (so they get a gradient of their own). */
function lossOf(model: Seq2Seq, source: Tensor, targets: Tensor, attentionWeight: Tensor): Tensor {
  return tidy(() => {
    const { logits, attention } = model.call(source, targets, { sourceLengths: SOURCE_LENGTHS, targetLengths: TARGET_LENGTHS });
    const picked = mul(mul(logSoftmax(logits, -1), oneHot(targets, TARGET_VOCAB, { dtype })), targetMask());
    const nll = mul(sum(picked), -1);
    return attention === null ? nll : add(nll, sum(mul(attention, attentionWeight)));
  });
}

/** The decoder's first state and the attention memory, as Seq2Seq builds them. */
function start(model: Seq2Seq, source: Tensor, lengths: readonly number[]): { state: DecoderState; memory: AttentionMemory | null } {
  return tidy(() => {
    const batch = source.shape[1]!;
    const encoded = model.encoder.call(source, lengths);
    const state = model.decoder.initialState(model.bridge.call(encoded.state, batch), batch);
    const memory = model.decoder.attention?.prepare(encoded.output, lengths) ?? null;
    return { state, memory };
  });
}

/** The decoder's teacher-forced inputs: START, then the targets but their last step. */
const shiftRight = (targets: Tensor): Tensor => concat([full([1, targets.shape[1]!], START, { dtype: 'int32' }), slice(targets, [0], [targets.shape[0]! - 1])], 0);

function expectClose(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, tolerance = 1e-12, what = 'values'): void {
  if ('shape' in actual && 'shape' in expected) expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = 'dataSync' in actual ? actual.dataSync() : actual;
  const e = 'dataSync' in expected ? expected.dataSync() : expected;
  expect(a.length, `${what} length`).toBe(e.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - e[i]!);
    if (!(d <= worst)) [worst, at] = [d, i];
  }
  expect(worst, `${what}: largest difference at flat index ${at} (${a[at]} vs ${e[at]})`).toBeLessThanOrEqual(tolerance);
}

/** A few entries of `n`: first, middle, last (and one more). */
const entriesOf = (n: number): number[] => [...new Set([0, Math.floor(n / 3), Math.floor((2 * n) / 3), n - 1])];

// ---------------------------------------------------------------------------------------------

describe.each(STYLES)('Seq2Seq with a %s decoder', (style) => {
  it('has gradients equal to central differences for entries of every parameter', () => {
    const model = build(style);
    const [source, targets] = [sourceIds(), targetIds()];
    const attentionWeight = normal([T, B, S], { generator: new Generator(5), dtype });
    const parameters = model.namedParameters();
    // Every part takes part: the encoder (embedded or not), the dense bridge, the decoder.
    expect(model.bridge.mode).toBe('dense');
    expect(parameters.some(([name]) => name.startsWith('encoder.rnn.'))).toBe(true);
    expect(parameters.some(([name]) => name.startsWith('bridge.'))).toBe(true);
    if (style !== 'plain') expect(parameters.some(([name]) => name.startsWith('decoder.attention.') || name.startsWith('decoder.combine.'))).toBe(true);
    const { value, grads } = variableGrads(() => lossOf(model, source, targets, attentionWeight), model.parameters());
    value.dispose();
    expect(grads.size).toBe(parameters.length);
    const eps = 1e-6;
    const bad: string[] = [];
    for (const [name, p] of parameters) {
      const analytic = grads.get(p)!.dataSync();
      expect(analytic.some((g) => g !== 0), `${name} gets a gradient`).toBe(true);
      const point = Float64Array.from(p.dataSync());
      for (const i of entriesOf(point.length)) {
        const original = point[i]!;
        const at = (x: number): number => {
          point[i] = x;
          return tidy(() => {
            p.assign(fromArray(point, { shape: p.shape }));
            return lossOf(model, source, targets, attentionWeight).itemSync();
          });
        };
        const numeric = (at(original + eps) - at(original - eps)) / (2 * eps);
        at(original);
        if (!(Math.abs(analytic[i]! - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric))) bad.push(`${name}[${i}]: autograd ${analytic[i]}, central difference ${numeric}`);
      }
    }
    dispose([...grads.values()]);
    expect(bad).toEqual([]);
  });

  it('gives the same logits, weights and final state by decoder.call as by one decoder.step per token', () => {
    const model = build(style, 2);
    const source = sourceIds();
    const inputs = shiftRight(targetIds());
    const { state, memory } = start(model, source, SOURCE_LENGTHS);
    const whole = model.decoder.call(inputs, { state, memory });
    let current = state;
    const logits: Tensor[] = [];
    const weights: Tensor[] = [];
    for (const tokens of unstack(inputs, 0)) {
      const step = model.decoder.step(tokens, current, memory);
      expect(step.logits.shape).toEqual([B, TARGET_VOCAB]);
      logits.push(step.logits);
      if (step.weights !== null) weights.push(step.weights);
      current = step.state;
    }
    expectClose(whole.logits, stack(logits, 0), 1e-12, 'logits');
    if (style === 'plain') {
      expect(whole.weights).toBeNull();
      expect(weights).toEqual([]);
    } else {
      expectClose(whole.weights!, stack(weights, 0), 1e-12, 'weights');
    }
    whole.state.rnn.forEach((s, k) => {
      expectClose(s, current.rnn[k]!, 1e-12, `state ${k}`);
    });
    expect(whole.state.feed === null).toBe(current.feed === null);
    if (current.feed !== null) expectClose(whole.state.feed!, current.feed, 1e-12, 'feed');
    // Seq2Seq.call is exactly this, fed START and the targets shifted right.
    const call = model.call(source, targetIds(), { sourceLengths: SOURCE_LENGTHS });
    expectClose(call.logits, whole.logits, 0, 'Seq2Seq.call logits');
  });

  it('attends with rows that sum to 1 and are 0 past each source length, in call and translate', async () => {
    const model = lively(build(style, 3));
    const source = sourceIds();
    const { attention } = model.call(source, targetIds(), { sourceLengths: SOURCE_LENGTHS });
    if (style === 'plain') {
      expect(attention).toBeNull();
      expect((await model.translate(source, { sourceLengths: SOURCE_LENGTHS }))[0]![0]!.attention).toBeNull();
      return;
    }
    expect(attention!.shape).toEqual([T, B, S]);
    const w = attention!.dataSync();
    const checkRow = (row: ArrayLike<number>, length: number, tolerance: number, what: string): void => {
      let total = 0;
      for (let s = 0; s < S; s++) {
        if (s >= length) expect(row[s], `${what} [${s}]`).toBe(0);
        else expect(row[s], `${what} [${s}]`).toBeGreaterThan(0);
        total += row[s]!;
      }
      expect(Math.abs(total - 1), `${what} sums to 1`).toBeLessThan(tolerance);
    };
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) checkRow(w.subarray((t * B + b) * S, (t * B + b + 1) * S), SOURCE_LENGTHS[b]!, 1e-12, `call t=${t} b=${b}`);
    model.eval();
    for (const options of [{}, { beamWidth: 3, numReturn: 3 }]) {
      const results = await model.translate(source, { sourceLengths: SOURCE_LENGTHS, ...options });
      results.forEach((hypotheses, b) => {
        for (const h of hypotheses) {
          expect(h.attention).toHaveLength(h.tokens.length + (h.finished ? 1 : 0));
          h.attention!.forEach((row, t) => {
            expect(row).toHaveLength(S);
            checkRow(row, SOURCE_LENGTHS[b]!, 1e-6, `translate b=${b} t=${t}`);
          });
        }
      });
    }
  });

  it('translates greedily as beam search of width 1 does through a stepper, and as decodeGreedy', async () => {
    const model = lively(build(style, 4)).eval();
    const source = sourceIds();
    const greedy = await model.translate(source, { sourceLengths: SOURCE_LENGTHS });
    const same = await model.translate(source, { sourceLengths: SOURCE_LENGTHS, beamWidth: 1, numReturn: 1 });
    expect(same).toEqual(greedy);
    const beam = await searchByStepper(model, source, SOURCE_LENGTHS, { beamWidth: 1, lengthPenalty: 0 });
    expect(beam.map((h) => h.map((x) => [x.tokens, x.finished]))).toEqual(greedy.map((h) => h.map((x) => [x.tokens, x.finished])));
    beam.forEach((hypotheses, b) => {
      const [x, y] = [hypotheses[0]!, greedy[b]![0]!];
      expect(x.logProb).toBeCloseTo(y.logProb, 10);
      expect(x.score).toBeCloseTo(y.score, 10);
      if (style === 'plain') expect(y.attention).toBeNull();
      else x.attention!.forEach((row, t) => { expectClose(row, y.attention![t]!, 0, `attention b=${b} t=${t}`); });
    });
    // decodeGreedy: the same tokens up to each entry's end, and their log-probabilities.
    const decoding = model.decodeGreedy(source, { sourceLengths: SOURCE_LENGTHS });
    expect(decoding.tokens.shape).toEqual([MAX_LENGTH, B]);
    const tokens = decoding.tokens.dataSync();
    const logProbs = decoding.logProbs.dataSync();
    greedy.forEach(([h], b) => {
      const steps = h!.tokens.length + (h!.finished ? 1 : 0);
      const column = Array.from({ length: steps }, (_, t) => tokens[t * B + b]!);
      expect(column).toEqual(h!.finished ? [...h!.tokens, END] : h!.tokens);
      expect(Array.from({ length: steps }, (_, t) => logProbs[t * B + b]!).reduce((a, x) => a + x, 0)).toBeCloseTo(h!.logProb, 12);
    });
    expect(model.forward(source).dataSync()).toEqual(model.decodeGreedy(source).tokens.dataSync());
  });

  it('scores every beam hypothesis as teacher forcing does, best first, with its attention', async () => {
    const model = lively(build(style, 5)).eval();
    const source = sourceIds();
    for (const lengthPenalty of [0, 0.6]) {
      const results = await model.translate(source, { sourceLengths: SOURCE_LENGTHS, beamWidth: 3, numReturn: 3, lengthPenalty });
      expect(results).toHaveLength(B);
      results.forEach((hypotheses, b) => {
        expect(hypotheses).toHaveLength(3);
        for (let i = 1; i < hypotheses.length; i++) expect(hypotheses[i - 1]!.score).toBeGreaterThanOrEqual(hypotheses[i]!.score);
        for (const h of hypotheses) {
          const steps = h.tokens.length + (h.finished ? 1 : 0);
          expect(steps).toBeGreaterThan(0);
          expect(steps).toBeLessThanOrEqual(MAX_LENGTH);
          expect(h.finished || steps === MAX_LENGTH).toBe(true);
          // The same sequence teacher-forced through model.call, alone in its batch.
          const sequence = h.finished ? [...h.tokens, END] : h.tokens;
          tidy(() => {
            const one = slice(source, [0, b], [-1, 1]);
            const targets = fromArray(Int32Array.from(sequence), { shape: [steps, 1], dtype: 'int32' });
            const { logits, attention } = model.call(one, targets, { sourceLengths: [SOURCE_LENGTHS[b]!] });
            const logProb = sum(mul(logSoftmax(logits, -1), oneHot(targets, TARGET_VOCAB, { dtype }))).itemSync();
            expect(h.logProb).toBeCloseTo(logProb, 10);
            expect(h.score).toBeCloseTo(logProb / ((5 + steps) / 6) ** lengthPenalty, 10);
            if (attention === null) expect(h.attention).toBeNull();
            else expectClose(Float64Array.from(h.attention!.flatMap((row) => [...row])), attention, 1e-6, 'attention');
          });
        }
      });
    }
  });

  it('round-trips through saveModel/loadModel with identical translations', async () => {
    const model = lively(build(style, 6)).eval();
    const source = sourceIds();
    const copy = loadModel(await saveModel(model));
    if (!(copy instanceof Seq2Seq)) throw new Error(`loadModel gave a ${copy.constructor.name}`);
    const loaded = copy.eval();
    expect(loaded.toConfig()).toEqual(model.toConfig());
    expect(loaded.bridge.mode).toBe(model.bridge.mode);
    for (const options of [{}, { beamWidth: 3, numReturn: 2, lengthPenalty: 0.6 }]) {
      const [a, b] = [await model.translate(source, { sourceLengths: SOURCE_LENGTHS, ...options }), await loaded.translate(source, { sourceLengths: SOURCE_LENGTHS, ...options })];
      expect(b).toEqual(a);
    }
    expectClose(loaded.call(source, targetIds()).logits, model.call(source, targetIds()).logits, 0, 'logits');
  });

  it('samples its own argmax with samplingRate 1 in training mode, and teacher-forces at 0 or in eval mode', () => {
    const model = build(style, 7).train();
    const [source, targets] = [sourceIds(), targetIds()];
    const forced = model.call(source, targets, { sourceLengths: SOURCE_LENGTHS }).logits;
    // Rate 1: every step after the first is fed the previous step's argmax.
    const sampled = model.call(source, targets, { sourceLengths: SOURCE_LENGTHS, samplingRate: 1 }).logits;
    const { state, memory } = start(model, source, SOURCE_LENGTHS);
    let current = state;
    let tokens = full([B], START, { dtype: 'int32' });
    const own: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const step = model.decoder.step(tokens, current, memory);
      own.push(step.logits);
      tokens = argmax(step.logits, -1);
      current = step.state;
    }
    expectClose(sampled, stack(own, 0), 1e-12, 'sampled logits');
    // Not vacuous: the model's argmax differs from the given targets somewhere.
    expect(Math.max(...sampled.dataSync().map((x, i) => Math.abs(x - forced.dataSync()[i]!)))).toBeGreaterThan(1e-6);
    expectClose(model.call(source, targets, { sourceLengths: SOURCE_LENGTHS, samplingRate: 0 }).logits, forced, 1e-12, 'rate 0');
    model.eval();
    expectClose(model.call(source, targets, { sourceLengths: SOURCE_LENGTHS, samplingRate: 1 }).logits, forced, 1e-12, 'eval mode');
  });

  it('leaks no handles: call under variableGrads, decodeGreedy, translate greedy and beam', async () => {
    const model = build(style, 8);
    const [source, targets] = [sourceIds(), targetIds()];
    const attentionWeight = normal([T, B, S], { generator: new Generator(5), dtype });
    const before = numHandles();
    const { value, grads } = variableGrads(() => lossOf(model, source, targets, attentionWeight), model.parameters());
    dispose([value, ...grads.values()]);
    expect(numHandles()).toBe(before);
    model.train();
    dispose(variableGrads(() => sum(model.call(source, targets, { samplingRate: 0.5 }).logits), model.parameters()));
    expect(numHandles()).toBe(before);
    model.eval();
    dispose(model.decodeGreedy(source, { sourceLengths: SOURCE_LENGTHS }));
    model.forward(source).dispose();
    await model.translate(source, { sourceLengths: SOURCE_LENGTHS });
    await model.translate(source, { sourceLengths: SOURCE_LENGTHS, beamWidth: 3, numReturn: 2 });
    await model.translate(source, { beamWidth: 2, maxLength: 2 });
    expect(numHandles()).toBe(before);
  });
});

/** Beam search over the model through a stepper written here, as translate's own. */
async function searchByStepper(model: Seq2Seq, source: Tensor, lengths: readonly number[], { beamWidth, lengthPenalty }: { beamWidth: number; lengthPenalty: number }): Promise<Hypothesis[][]> {
  let { state, memory } = start(model, source, lengths);
  const result = await beamSearch(
    source.shape[1]!,
    (parents, tokens) => {
      const index = fromArray(parents, { dtype: 'int32' });
      const rows = memory && reorderMemory(memory, index);
      const step = model.decoder.step(fromArray(tokens, { dtype: 'int32' }), model.decoder.reorderState(state, index), rows);
      [state, memory] = [step.state, rows];
      return { logProbs: logSoftmax(step.logits, -1).dataSync(), attention: step.weights?.dataSync() ?? null };
    },
    { beamWidth, maxLength: model.maxLength, startToken: model.startToken, endToken: model.endToken, lengthPenalty },
  );
  return result;
}

describe('Seq2Seq errors', () => {
  it('refuses a target longer than maxLength, naming maxLength', () => {
    const model = build('plain');
    const long = fromArray(Int32Array.from({ length: 6 * B }, () => 1), { shape: [6, B], dtype: 'int32' });
    expect(() => model.call(sourceIds(), long)).toThrow(ArgumentError);
    expect(() => model.call(sourceIds(), long)).toThrow(/6 steps, more than the decoder's maxLength 5/);
    expect(() => model.call(sourceIds(), long, { targetLengths: [2, 6, 1] })).toThrow(/6 steps \(batch entry 1\), more than the decoder's maxLength 5/);
    // Padding past maxLength is fine when the lengths say so.
    expect(model.call(sourceIds(), long, { targetLengths: [2, 5, 1] }).logits.shape).toEqual([6, B, TARGET_VOCAB]);
    expect(() => model.call(sourceIds(), slice(long, [0], [0]))).toThrow(/empty/);
    expect(() => model.call(sourceIds(), fromArray([[1, 2]], { dtype: 'int32' }))).toThrow(/int32 \[T, 3\]/);
    expect(() => model.decodeGreedy(sourceIds(), { maxLength: 6 })).toThrow(/more than the model's maxLength 5/);
  });

  it('refuses an empty source and a 0 source length', async () => {
    const model = build('bahdanau').eval();
    const empty = fromArray(new Int32Array(0), { shape: [0, B], dtype: 'int32' });
    expect(() => model.call(empty, targetIds())).toThrow(ArgumentError);
    expect(() => model.call(empty, targetIds())).toThrow(/empty \(0 steps\)/);
    await expect(model.translate(empty)).rejects.toThrow(/empty \(0 steps\)/);
    expect(() => model.call(sourceIds(), targetIds(), { sourceLengths: [4, 0, 3] })).toThrow(/sourceLengths is 0 at batch entry 1/);
    await expect(model.translate(sourceIds(), { sourceLengths: [4, 0, 3], beamWidth: 2 })).rejects.toThrow(/is 0 at batch entry 1/);
    expect(() => model.call(sourceIds(), targetIds(), { sourceLengths: [4, 5, 3] })).toThrow(/value 5 at batch entry 1 is not an integer in \[1, 4\]/);
  });

  it('names an out-of-vocabulary id with one-hot input, in source, targets and step tokens', () => {
    const model = build('luong-dot'); // one-hot encoder input, embedded decoder input
    const source = fromArray([[1, 2, 3], [4, 9, 1]], { dtype: 'int32' });
    expect(() => model.call(source, targetIds())).toThrow('Encoder: source holds 9 at [1, 1], outside the vocabulary [0, 6)');
    const bahdanau = build('bahdanau'); // one-hot decoder input
    // A target's last step is never fed back (it is only predicted), so the id sits one step earlier.
    expect(() => bahdanau.call(sourceIds(), fromArray([[1, 7, 0], [0, 0, 0]], { dtype: 'int32' }))).toThrow(/Decoder: inputs holds 7 at \[1, 1\], outside the vocabulary \[0, 5\)/);
    const { state, memory } = start(bahdanau, sourceIds(), SOURCE_LENGTHS);
    expect(() => bahdanau.decoder.step(fromArray([1, 2, -1], { dtype: 'int32' }), state, memory)).toThrow(/tokens holds -1 at \[2\]/);
    expect(() => bahdanau.decoder.step(fromArray([1, 2, 3]), state, memory)).toThrow(DTypeError);
    expect(() => bahdanau.decoder.step(fromArray([[1, 2, 3]], { dtype: 'int32' }), state, memory)).toThrow(ShapeError);
  });

  it('needs the memory for an attention decoder, and refuses one for a plain decoder', () => {
    const model = build('luong-general-feed');
    const { state, memory } = start(model, sourceIds(), SOURCE_LENGTHS);
    const inputs = shiftRight(targetIds());
    expect(() => model.decoder.call(inputs, { state })).toThrow(/memory is required/);
    expect(() => model.decoder.step(unstack(inputs)[0]!, state)).toThrow(/memory is required/);
    const plain = build('plain');
    const plainStart = start(plain, sourceIds(), SOURCE_LENGTHS);
    expect(() => plain.decoder.call(inputs, { state: plainStart.state, memory })).toThrow(/memory was given, but this decoder has no attention/);
    expect(() => model.decoder.call(inputs, { state, memory, samplingRate: 1.5 })).toThrow(/samplingRate must be in \[0, 1\], got 1.5/);
    expect(() => model.decoder.call(inputs, { state, memory, samplingRate: 0.5 })).toThrow(/generator is needed/);
  });

  it('refuses bad configs with a ConfigError, leaking nothing', () => {
    const model = build('luong-general-feed');
    const config = JSON.parse(JSON.stringify(model.toConfig())) as { type: string; options: JsonObject & { decoder: { options: JsonObject } } };
    const dense = new Dense({ inFeatures: 2, outFeatures: 2, generator: new Generator(0) }).toConfig();
    const before = numHandles();
    expect(() => buildModule({ ...config, options: { ...config.options, encoder: dense } })).toThrow(ConfigError);
    expect(() => buildModule({ ...config, options: { ...config.options, encoder: dense } })).toThrow(/encoder must be an Encoder, got 'Dense'/);
    expect(() => buildModule({ ...config, options: { ...config.options, decoder: dense } })).toThrow(/decoder must be a Decoder, got 'Dense'/);
    const decoder = { ...config.options.decoder, options: { ...config.options.decoder.options, attention: dense } };
    expect(() => buildModule({ ...config, options: { ...config.options, decoder } })).toThrow(/attention must be AdditiveAttention or LuongAttention, got 'Dense'/);
    expect(() => buildModule({ ...config, options: { ...config.options, bridge: 'sideways' } })).toThrow(ConfigError);
    expect(numHandles()).toBe(before);
    // And a good one rebuilds the same architecture.
    const rebuilt = buildModule(config);
    expect(rebuilt).toBeInstanceOf(Seq2Seq);
    expect(rebuilt.toConfig()).toEqual(model.toConfig());
  });

  it('checks its parts fit together', () => {
    const generator = new Generator(0);
    const encoder = new Encoder({ vocabSize: 4, rnn: new LSTM({ inputSize: 4, hiddenSize: 3, generator }), generator });
    const decoder = (keySize: number): Decoder =>
      new Decoder({ vocabSize: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 3, generator }), attention: new LuongAttention({ querySize: 3, keySize, score: 'general', generator }), inputFeeding: false, generator });
    expect(() => new Seq2Seq({ encoder, decoder: decoder(5), endToken: 0, maxLength: 3, generator })).toThrow(/attends to keys of size 5, but the encoder's outputs have size 3/);
    expect(() => new Seq2Seq({ encoder, decoder: decoder(3), endToken: 4, maxLength: 3, generator })).toThrow(/endToken must be a token of the decoder's vocabulary \[0, 4\), got 4/);
    expect(() => new Seq2Seq({ encoder, decoder: decoder(3), endToken: 0, startToken: -1, maxLength: 3, generator })).toThrow(/startToken/);
    expect(() => new Seq2Seq({ encoder, decoder: decoder(3), endToken: 0, maxLength: 0, generator })).toThrow(/maxLength/);
    expect(() => new Decoder({ vocabSize: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 3, generator }), inputFeeding: true, generator })).toThrow(/inputFeeding applies to Luong attention only/);
    expect(() => new Decoder({ vocabSize: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 3, bidirectional: true, generator }), generator })).toThrow(/runs forward only/);
    expect(() => new Decoder({ vocabSize: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 3, generator }), attention: new LuongAttention({ querySize: 3, keySize: 3, score: 'dot', generator }), generator })).toThrow(
      /inputSize 4; it must be 7 \(vocabSize \(one-hot\) \+ attentionSize \(input feeding\)\)/,
    );
    expect(() => new Encoder({ vocabSize: 4, rnn: new LSTM({ inputSize: 4, hiddenSize: 3, bidirectional: true, mergeMode: 'none', generator }), generator })).toThrow(/mergeMode 'none'/);
  });
});
