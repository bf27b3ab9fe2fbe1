// The bridge between an encoder's final states and a decoder's initial ones: which mode 'auto'
// picks, what each mode computes (checked against loops over the Dense weights), and which
// encoder layer feeds which decoder layer.
import { ArgumentError, createCpuBackend, fromArray, Generator, normal, numHandles, setBackend, tidy, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { buildModule } from '../../module/registry.js';
import { GRU, LSTM, RNN } from '../recurrent/pytorch-layers.js';
import type { Recurrent } from '../recurrent/recurrent.js';
import { Bridge, stackStates, statesMatch, type BridgeMode } from './bridge.js';
import { Decoder } from './decoder.js';
import { Encoder } from './encoder.js';
import { Seq2Seq } from './seq2seq.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const dtype = 'float64' as const;
const BATCH = 2;
type Kind = 'LSTM' | 'GRU' | 'RNN';

function rnn(kind: Kind, { hiddenSize, numLayers = 1, bidirectional = false, inputSize = 3 }: { hiddenSize: number; numLayers?: number; bidirectional?: boolean; inputSize?: number }): Recurrent {
  const options = { inputSize, hiddenSize, numLayers, bidirectional, dtype, generator: new Generator(hiddenSize * 10 + numLayers) };
  return kind === 'LSTM' ? new LSTM(options) : kind === 'GRU' ? new GRU(options) : new RNN(options);
}

function bridgeBetween(encoder: Recurrent, decoder: Recurrent, mode?: BridgeMode): Bridge {
  return new Bridge({ ...(mode === undefined ? {} : { mode }), encoder: stackStates(encoder), decoder: stackStates(decoder), dtype, generator: new Generator(7) });
}

/** Random final states of `encoder`, each [layers·directions, BATCH, size]. */
function encoderStates(encoder: Recurrent, seed = 3): Tensor[] {
  const generator = new Generator(seed);
  const { layers, directions, sizes } = stackStates(encoder);
  return sizes.map((size) => normal([layers * directions, BATCH, size], { generator, dtype }));
}

/** Row-major reader of a tensor. */
const reader = (t: Tensor) => {
  const data = t.dataSync();
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return (...index: number[]): number => data[index.reduce((at, x, i) => at + x * strides[i]!, 0)]!;
};

/**
 * What dense mode should give decoder layer l's state k for batch entry b: act(W·x + bias),
 * x the encoder layer `source`'s state (state k, or h when the encoder lacks k), directions
 * concatenated forward then backward.
 */
function expectedDense(bridge: Bridge, states: readonly Tensor[], l: number, k: number, b: number, source: number): number[] {
  const dict = bridge.stateDict();
  const name = `l${l}_${bridge.decoder.names[k]!}`;
  const [w, bias] = [reader(dict[`${name}.weight`]!), reader(dict[`${name}.bias`]!)];
  const state = reader(states[k] ?? states[0]!);
  const { directions } = bridge.encoder;
  const size = (states[k] ?? states[0]!).shape[2]!;
  const x = Array.from({ length: directions * size }, (_, i) => state(source * directions + Math.floor(i / size), b, i % size));
  return Array.from({ length: bridge.decoder.sizes[k]! }, (_, o) => {
    const z = x.reduce((a, xi, i) => a + w(o, i) * xi, bias(o));
    return k === 0 ? Math.tanh(z) : z;
  });
}

/** Decoder layer l, state k, entry b of the bridge's output. */
const row = (out: Tensor, l: number, b: number): number[] => Array.from({ length: out.shape[2]! }, (_, i) => reader(out)(l, b, i));

function expectRows(actual: number[], expected: number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => {
    expect(x, `${what}[${i}]`).toBeCloseTo(expected[i]!, 12);
  });
}

describe('Bridge', () => {
  it("'copy' and 'auto' on matching stacks pass the states unchanged", () => {
    const [encoder, decoder] = [rnn('LSTM', { hiddenSize: 4, numLayers: 2 }), rnn('LSTM', { hiddenSize: 4, numLayers: 2 })];
    expect(statesMatch(stackStates(encoder), stackStates(decoder))).toBe(true);
    for (const mode of ['copy', 'auto'] as const) {
      const bridge = bridgeBetween(encoder, decoder, mode);
      expect(bridge.mode).toBe('copy');
      expect(bridge.parameters()).toEqual([]);
      const states = encoderStates(encoder);
      const out = bridge.call(states, BATCH);
      expect(out).toHaveLength(2);
      out.forEach((s, k) => {
        expect(s.shape).toEqual([2, BATCH, 4]);
        expect([...s.dataSync()]).toEqual([...states[k]!.dataSync()]);
      });
    }
  });

  it("'auto' learns a dense map for a bidirectional encoder, other sizes or another depth", () => {
    const cases: [string, Recurrent, Recurrent][] = [
      ['bidirectional', rnn('LSTM', { hiddenSize: 4, numLayers: 2, bidirectional: true }), rnn('LSTM', { hiddenSize: 4, numLayers: 2 })],
      ['other sizes', rnn('LSTM', { hiddenSize: 3, numLayers: 2 }), rnn('LSTM', { hiddenSize: 4, numLayers: 2 })],
      ['another depth', rnn('GRU', { hiddenSize: 4, numLayers: 3 }), rnn('GRU', { hiddenSize: 4, numLayers: 2 })],
    ];
    for (const [what, encoder, decoder] of cases) {
      const bridge = bridgeBetween(encoder, decoder);
      expect(bridge.mode, what).toBe('dense');
      const { names } = stackStates(decoder);
      // One Dense per decoder layer and state: h through tanh, the others linear.
      expect(bridge.namedParameters().map(([name]) => name)).toEqual(
        Array.from({ length: decoder.numLayers }, (_, l) => names.flatMap((n) => [`l${l}_${n}.weight`, `l${l}_${n}.bias`])).flat(),
      );
    }
  });

  it.each([
    ['a deeper encoder gives its upper layers', 3, 2, [1, 2]],
    ['a deeper decoder shares the encoder\'s first layer for its extra lower layers', 2, 4, [0, 0, 0, 1]],
    ['equal depths pair layer with layer', 2, 2, [0, 1]],
  ] as const)('dense: %s (bidirectional LSTM, concatenated directions)', (_, encoderLayers, decoderLayers, sources) => {
    const encoder = rnn('LSTM', { hiddenSize: 3, numLayers: encoderLayers, bidirectional: true });
    const decoder = rnn('LSTM', { hiddenSize: 5, numLayers: decoderLayers });
    const bridge = bridgeBetween(encoder, decoder, 'dense');
    const states = encoderStates(encoder);
    const out = bridge.call(states, BATCH);
    expect(out.map((s) => s.shape)).toEqual([[decoderLayers, BATCH, 5], [decoderLayers, BATCH, 5]]);
    for (let k = 0; k < 2; k++) {
      for (let l = 0; l < decoderLayers; l++) {
        for (let b = 0; b < BATCH; b++) expectRows(row(out[k]!, l, b), expectedDense(bridge, states, l, k, b, sources[l]!), `state ${k} layer ${l} entry ${b}`);
      }
    }
    // h is bounded by tanh; c is not squashed (its map is linear).
    expect(out[0]!.dataSync().every((x) => Math.abs(x) < 1)).toBe(true);
  });

  it('GRU encoder → LSTM decoder: c is mapped from h in dense mode and starts at 0 in copy mode', () => {
    const encoder = rnn('GRU', { hiddenSize: 4, numLayers: 2 });
    const decoder = rnn('LSTM', { hiddenSize: 4, numLayers: 2 });
    const states = encoderStates(encoder);
    expect(states).toHaveLength(1);
    const copy = bridgeBetween(encoder, decoder);
    expect(copy.mode).toBe('copy');
    const [h, c] = copy.call(states, BATCH);
    expect([...h!.dataSync()]).toEqual([...states[0]!.dataSync()]);
    expect(c!.shape).toEqual([2, BATCH, 4]);
    expect(c!.dataSync().every((x) => x === 0)).toBe(true);
    const dense = bridgeBetween(encoder, decoder, 'dense');
    const out = dense.call(states, BATCH);
    for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) for (let b = 0; b < BATCH; b++) expectRows(row(out[k]!, l, b), expectedDense(dense, states, l, k, b, l), `state ${k} layer ${l}`);
    expect(out[1]!.dataSync().some((x) => Math.abs(x) > 1e-3)).toBe(true);
  });

  it("LSTM encoder → GRU decoder: the encoder's c is dropped", () => {
    const encoder = rnn('LSTM', { hiddenSize: 4 });
    const decoder = rnn('GRU', { hiddenSize: 4 });
    const states = encoderStates(encoder);
    const out = bridgeBetween(encoder, decoder).call(states, BATCH);
    expect(out).toHaveLength(1);
    expect([...out[0]!.dataSync()]).toEqual([...states[0]!.dataSync()]);
  });

  it("refuses 'copy' between stacks that do not match, saying what to use", () => {
    const cases: [Recurrent, Recurrent][] = [
      [rnn('LSTM', { hiddenSize: 4, bidirectional: true }), rnn('LSTM', { hiddenSize: 4 })],
      [rnn('LSTM', { hiddenSize: 3 }), rnn('LSTM', { hiddenSize: 4 })],
      [rnn('LSTM', { hiddenSize: 4, numLayers: 2 }), rnn('LSTM', { hiddenSize: 4 })],
    ];
    for (const [encoder, decoder] of cases) {
      expect(() => bridgeBetween(encoder, decoder, 'copy')).toThrow(ArgumentError);
      expect(() => bridgeBetween(encoder, decoder, 'copy')).toThrow(/cannot start the decoder's .* as they are; use 'dense' \(or 'auto'\)/);
    }
  });

  it("'none' starts the decoder from zeros, whatever the encoder says", () => {
    const encoder = rnn('LSTM', { hiddenSize: 3, numLayers: 2, bidirectional: true });
    const decoder = rnn('GRU', { hiddenSize: 5, numLayers: 3 });
    const bridge = bridgeBetween(encoder, decoder, 'none');
    expect(bridge.mode).toBe('none');
    expect(bridge.parameters()).toEqual([]);
    const [h] = bridge.call(encoderStates(encoder), BATCH);
    expect(h!.shape).toEqual([3, BATCH, 5]);
    expect(h!.dataSync().every((x) => x === 0)).toBe(true);
  });

  it('checks the states it is given and refuses a bidirectional decoder', () => {
    const encoder = rnn('LSTM', { hiddenSize: 4, numLayers: 2 });
    const decoder = rnn('LSTM', { hiddenSize: 4, numLayers: 2 });
    const bridge = bridgeBetween(encoder, decoder, 'dense');
    const states = encoderStates(encoder);
    expect(() => bridge.call(states, 3)).toThrow(/encoderState\[0\] has shape \[2, 2, 4\], expected \[2, 3, 4\]/);
    expect(() => bridge.call([states[0]!, fromArray([1, 2], { dtype })], BATCH)).toThrow(/encoderState\[1\]/);
    expect(() => new Bridge({ encoder: stackStates(encoder), decoder: { ...stackStates(decoder), directions: 2 }, generator: new Generator(0) })).toThrow(/decoder.directions must be 1/);
    expect(() => new Bridge({ encoder: { ...stackStates(encoder), names: ['h'] }, decoder: stackStates(decoder), generator: new Generator(0) })).toThrow(/encoder.names has 1 names for 2 sizes/);
  });

  it('rebuilds from its config with the resolved mode, and refuses a bad one', () => {
    const bridge = bridgeBetween(rnn('LSTM', { hiddenSize: 3, bidirectional: true }), rnn('GRU', { hiddenSize: 4, numLayers: 2 }));
    const config = JSON.parse(JSON.stringify(bridge.toConfig())) as { type: string; options: Record<string, unknown> };
    expect(config.options.mode).toBe('dense');
    const rebuilt = buildModule(config);
    expect(rebuilt.toConfig()).toEqual(bridge.toConfig());
    expect(Object.keys(rebuilt.stateDict())).toEqual(Object.keys(bridge.stateDict()));
    expect(() => buildModule({ ...config, options: { ...config.options, encoderDirections: 3 } })).toThrow(ConfigError);
    expect(() => buildModule({ ...config, options: { ...config.options, mode: 'copy' } })).toThrow(ConfigError);
    expect(() => buildModule({ ...config, options: { ...config.options, mode: 'copy' } })).toThrow(/config.options are invalid: Bridge: mode is 'copy' but/);
  });

  it('starts the decoder of a Seq2Seq: the decoder state equals the bridge of the encoder state', () => {
    const generator = new Generator(11);
    const encoder = new Encoder({ vocabSize: 5, embeddingDim: 3, rnn: new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, dtype, generator }), generator });
    const decoder = new Decoder({ vocabSize: 6, embeddingDim: 3, rnn: new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, dtype, generator }), generator });
    const model = new Seq2Seq({ encoder, decoder, endToken: 0, maxLength: 4, generator });
    expect(model.bridge.mode).toBe('copy');
    const source = fromArray([[1, 2], [3, 4], [2, 0]], { dtype: 'int32' });
    const before = numHandles();
    tidy(() => {
      const { state } = encoder.call(source, [3, 2]);
      const [h, c] = model.bridge.call(state, 2);
      expect([...h!.dataSync()]).toEqual([...state[0]!.dataSync()]);
      expect(c!.dataSync().every((x) => x === 0)).toBe(true);
    });
    expect(numHandles()).toBe(before);
  });
});
