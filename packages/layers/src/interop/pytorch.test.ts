import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, dispose, Generator, setBackend, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeakedHandles } from '../testing/no-leaked-handles.js';
import { SafetensorsError, StateDictError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { GRUCell, LSTMCell, RNNCell } from '../layers/recurrent-cells/pytorch-cells.js';
import { GRU, LSTM, RNN } from '../layers/recurrent/pytorch-layers.js';
import type { Module } from '../module/module.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { encodeSafetensors } from '../safetensors/encode.js';
import { loadPyTorchWeights, savePyTorchWeights } from './pytorch.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

/** One entry of cases.json, as tooling/interop-fixtures/make_pytorch.py writes it. */
interface PyTorchCase {
  readonly name: string;
  /** The torch.nn class: RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, Linear, Embedding. */
  readonly module: string;
  /** Its constructor arguments, under PyTorch's names. */
  readonly args: Readonly<Record<string, number | boolean | string>>;
}

const fixtures = fileURLToPath(new URL('../../test-fixtures/pytorch/', import.meta.url));
const casesFile = `${fixtures}cases.json`;
/** Committed with the fixtures (test-fixtures/pytorch/README.md says how they are made). */
const cases: readonly PyTorchCase[] = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: PyTorchCase[] }).cases;
const fixture = (file: string): Uint8Array => new Uint8Array(readFileSync(`${fixtures}${file}`));

/** The @rnn/layers module PyTorch's `nn.<kind>(**args)` corresponds to, with fresh (different) weights. */
function moduleFor({ module, args }: PyTorchCase): Module {
  const generator = new Generator(123);
  const int = (key: string, fallback?: number): number => {
    const value = args[key] ?? fallback;
    if (typeof value !== 'number') throw new Error(`cases.json: ${module} needs a number '${key}'`);
    return value;
  };
  const flag = (key: string): boolean => args[key] === true;
  const bias = args.bias !== false;
  const layer = { inputSize: int('input_size', 0), hiddenSize: int('hidden_size', 0), numLayers: int('num_layers', 1), bias, bidirectional: flag('bidirectional'), batchFirst: flag('batch_first'), generator };
  const cell = { inputSize: layer.inputSize, hiddenSize: layer.hiddenSize, bias, generator };
  const nonlinearity = args.nonlinearity === 'relu' ? 'relu' : 'tanh';
  switch (module) {
    case 'RNN':
      return new RNN({ ...layer, nonlinearity });
    case 'LSTM':
      return new LSTM({ ...layer, projSize: int('proj_size', 0) });
    case 'GRU':
      return new GRU(layer);
    case 'RNNCell':
      return new RNNCell({ ...cell, nonlinearity });
    case 'LSTMCell':
      return new LSTMCell(cell);
    case 'GRUCell':
      return new GRUCell(cell);
    case 'Linear':
      return new Dense({ inFeatures: int('in_features'), outFeatures: int('out_features'), bias, generator });
    case 'Embedding':
      return new Embedding({ numEmbeddings: int('num_embeddings'), embeddingDim: int('embedding_dim'), generator });
    default:
      throw new Error(`cases.json names torch.nn.${module}, which this test does not map yet`);
  }
}

/** Runs `module` on the stored inputs; the results are keyed as the io file keys PyTorch's. */
function runOn(module: Module, io: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
  const { input, h0, c0 } = io as Record<string, Tensor | undefined>;
  if (input === undefined) throw new Error('the io file has no input');
  if (module instanceof LSTM) {
    const { output, state } = module.call(input, { initialState: [h0!, c0!] });
    return { output, h_n: state[0]!, c_n: state[1]! };
  }
  if (module instanceof RNN || module instanceof GRU) {
    const { output, state } = module.call(input, { initialState: [h0!] });
    return { output, h_n: state[0]! };
  }
  if (module instanceof LSTMCell) {
    const [h1, c1] = module.call(input, [h0!, c0!]);
    return { h1, c1 };
  }
  if (module instanceof RNNCell || module instanceof GRUCell) return { h1: module.call(input, h0) };
  return { output: module.forward(input) };
}

const maxAbsDifference = (a: Tensor, b: Tensor): number => {
  const [x, y] = [Array.from(a.dataSync(), Number), Array.from(b.dataSync(), Number)];
  return x.reduce((worst, v, i) => Math.max(worst, Math.abs(v - y[i]!)), 0);
};

/** The JSON header of a safetensors file. */
const headerOf = (bytes: Uint8Array): Record<string, unknown> => {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, unknown>;
};

/** Each tensor's bytes in a safetensors file, by name. */
const tensorBytes = (bytes: Uint8Array): Record<string, number[]> => {
  const header = headerOf(bytes);
  const start = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return Object.fromEntries(
    Object.entries(header)
      .filter(([name]) => name !== '__metadata__')
      .map(([name, entry]) => {
        const [begin, end] = (entry as { data_offsets: [number, number] }).data_offsets;
        return [name, [...bytes.subarray(start + begin, start + end)]];
      }),
  );
};

describe.runIf(cases.length > 0)('PyTorch fixtures (test-fixtures/pytorch, made by torch)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: loads PyTorch’s state dict and reproduces its outputs and final states within 1e-5', (_, testCase) => {
    const module = moduleFor(testCase).eval();
    const { tensors: io } = decodeSafetensors(fixture(`${testCase.name}.io.safetensors`));
    try {
      expect(loadPyTorchWeights(module, fixture(`${testCase.name}.safetensors`))).toEqual({ missing: [], unexpected: [] });
      const results = runOn(module, io);
      try {
        const expectedKeys = Object.keys(io).filter((key) => !['input', 'h0', 'c0'].includes(key));
        expect(Object.keys(results).sort()).toEqual(expectedKeys.sort());
        for (const key of expectedKeys) {
          expect(results[key]!.shape, key).toEqual(io[key]!.shape);
          expect(maxAbsDifference(results[key]!, io[key]!), key).toBeLessThanOrEqual(1e-5);
        }
      } finally {
        dispose(Object.values(results));
      }
    } finally {
      dispose(Object.values(io));
      module.dispose();
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: saves the same names, dtypes, shapes and tensor bytes as PyTorch’s file', async (_, testCase) => {
    const module = moduleFor(testCase);
    const file = fixture(`${testCase.name}.safetensors`);
    loadPyTorchWeights(module, file);
    const saved = await savePyTorchWeights(module);
    module.dispose();
    const [ours, theirs] = [headerOf(saved), headerOf(file)];
    const entries = (header: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(header).map(([name, entry]) => [name, name === '__metadata__' ? entry : { ...(entry as object), data_offsets: undefined }]));
    expect(entries(ours)).toEqual(entries(theirs));
    expect(tensorBytes(saved)).toEqual(tensorBytes(file));
  });
});

/** A float32 two-layer bidirectional LSTM 3 → 4, weights drawn from `seed`. */
const lstm = (seed: number, options: { hiddenSize?: number; numLayers?: number } = {}): LSTM =>
  new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, generator: new Generator(seed), ...options });

describe('savePyTorchWeights', () => {
  it('writes the state dict under its own names with {"format": "pt"} metadata, 8-byte aligned', async () => {
    const model = lstm(0);
    const bytes = await savePyTorchWeights(model);
    const header = headerOf(bytes);
    expect(header.__metadata__).toEqual({ format: 'pt' });
    expect(Object.keys(header).filter((k) => k !== '__metadata__')).toEqual(Object.keys(model.stateDict()));
    expect(header.weight_hh_l1_reverse).toMatchObject({ dtype: 'F32', shape: [16, 4] });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    model.dispose();
  });

  it('round-trips through loadPyTorchWeights byte for byte', async () => {
    const [source, target] = [lstm(0), lstm(1)];
    const bytes = await savePyTorchWeights(source);
    expect(loadPyTorchWeights(target, bytes)).toEqual({ missing: [], unexpected: [] });
    expect(tensorBytes(await savePyTorchWeights(target))).toEqual(tensorBytes(bytes));
    source.dispose();
    target.dispose();
  });
});

/** What `f` throws (null if it returns). */
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return null;
};

/** `bytes` with every tensor renamed by `rename`. */
async function renamed(bytes: Uint8Array, rename: (name: string) => string): Promise<Uint8Array> {
  const { tensors } = decodeSafetensors(bytes);
  const file = await encodeSafetensors(Object.fromEntries(Object.entries(tensors).map(([name, t]) => [rename(name), t])), { format: 'pt' });
  dispose(Object.values(tensors));
  return file;
}

describe('loadPyTorchWeights', () => {
  it('refuses a wrong hidden size, naming the key and both shapes, and loads nothing', async () => {
    const [wide, narrow] = [lstm(0, { hiddenSize: 5, numLayers: 1 }), lstm(1, { numLayers: 1 })];
    const file = await savePyTorchWeights(wide);
    const before = tensorBytes(await savePyTorchWeights(narrow));
    const error = thrown(() => loadPyTorchWeights(narrow, file));
    expect(error).toBeInstanceOf(StateDictError);
    expect((error as StateDictError).message).toContain("shape mismatch for 'weight_ih_l0': the parameter is [16, 3], the state dict has [20, 3]");
    expect((error as StateDictError).mismatched).toContainEqual({ key: 'weight_hh_l0_reverse', expected: [16, 4], actual: [20, 5] });
    expect(tensorBytes(await savePyTorchWeights(narrow))).toEqual(before);
    wide.dispose();
    narrow.dispose();
  });

  it('names unexpected and missing keys; strict: false loads the rest and reports them', async () => {
    const [deep, shallow] = [lstm(0), lstm(1, { numLayers: 1 })];
    const deepFile = await savePyTorchWeights(deep);
    expect(() => loadPyTorchWeights(shallow, deepFile)).toThrow(/unexpected keys 'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1', 'weight_ih_l1_reverse'/);
    const result = loadPyTorchWeights(shallow, deepFile, { strict: false });
    expect(result).toEqual({ missing: [], unexpected: Object.keys(deep.stateDict()).filter((key) => key.includes('_l1')) });
    const shallowFile = await savePyTorchWeights(shallow);
    const [loaded, original] = [tensorBytes(shallowFile), tensorBytes(deepFile)];
    for (const key of Object.keys(loaded)) expect(loaded[key], key).toEqual(original[key]);

    expect(() => loadPyTorchWeights(deep, shallowFile)).toThrow(/missing keys 'weight_ih_l1', 'weight_hh_l1'/);
    expect(loadPyTorchWeights(deep, shallowFile, { strict: false }).missing).toHaveLength(8);
    deep.dispose();
    shallow.dispose();
  });

  it("strips a prefix such as DataParallel's 'module.' when asked", async () => {
    const [source, target] = [lstm(0), lstm(1)];
    const wrapped = await renamed(await savePyTorchWeights(source), (name) => `module.${name}`);
    expect(() => loadPyTorchWeights(target, wrapped)).toThrow(/missing keys 'weight_ih_l0'/);
    expect(loadPyTorchWeights(target, wrapped, { prefix: 'module.' })).toEqual({ missing: [], unexpected: [] });
    expect(loadPyTorchWeights(target, wrapped, { prefix: 'module' })).toEqual({ missing: [], unexpected: [] });
    expect(tensorBytes(await savePyTorchWeights(target))).toEqual(tensorBytes(await savePyTorchWeights(source)));
    source.dispose();
    target.dispose();
  });

  it('casts float32 weights into a float64 module, as copy_ does', async () => {
    const source = new Dense({ inFeatures: 3, outFeatures: 2, generator: new Generator(0) });
    const target = new Dense({ inFeatures: 3, outFeatures: 2, dtype: 'float64', generator: new Generator(1) });
    loadPyTorchWeights(target, await savePyTorchWeights(source));
    expect(target.weight.dtype).toBe('float64');
    expect([...target.weight.dataSync()]).toEqual([...source.weight.dataSync()]);
    source.dispose();
    target.dispose();
  });

  it('throws a SafetensorsError on garbage or truncated bytes and leaves the module as it was', async () => {
    const model = lstm(0);
    const file = await savePyTorchWeights(model);
    const before = tensorBytes(file);
    expect(() => loadPyTorchWeights(model, new TextEncoder().encode('not a safetensors file'))).toThrow(SafetensorsError);
    expect(() => loadPyTorchWeights(model, file.subarray(0, file.length - 3))).toThrow(SafetensorsError);
    expect(tensorBytes(await savePyTorchWeights(model))).toEqual(before);
    model.dispose();
  });
});
