import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, dispose, setBackend, zeros, type Tensor } from '@rnn/tensor';
import { decodeSafetensors, encodeSafetensors, GRU, LSTM, RNN, Sequential, StateDictError, type Dense, type Module } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.js';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../../layers/src/testing/no-leaked-handles.js';
import { importPyTorch, type ImportPyTorchOptions } from './import-pytorch.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

const fixtures = (dir: string): string => fileURLToPath(new URL(`../../${dir}`, import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const values = (t: Tensor): number[] => Array.from(t.dataSync());

function sequential(model: Module): Sequential {
  if (!(model instanceof Sequential)) throw new Error(`expected a Sequential, got ${model.constructor.name}`);
  return model;
}

function stateDictKeys(bytes: Uint8Array): string[] {
  const { tensors } = decodeSafetensors(bytes);
  dispose(Object.values(tensors));
  return Object.keys(tensors).sort();
}

function expectClose(actual: Tensor, expected: Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  const [a, e] = [values(actual), values(expected)];
  const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - e[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

/** tooling/interop-fixtures/make_pytorch_models.py: whole models written by torch 1.13. */
const modelsDir = fixtures('test-fixtures/pytorch/');
const modelCases = (JSON.parse(readFileSync(`${modelsDir}cases.json`, 'utf8')) as { cases: { name: string; model: string; options: ImportPyTorchOptions }[] }).cases;

describe('importPyTorch: whole models written by PyTorch', () => {
  it.each(modelCases.map((c) => [c.name, c] as const))('%s: infers the chain and reproduces torch’s output', (_name, { name, options }) => {
    const { model, names } = importPyTorch(read(`${modelsDir}${name}.safetensors`), options);
    const { tensors } = decodeSafetensors(read(`${modelsDir}${name}.io.safetensors`));
    try {
      expect(model).toBeInstanceOf(Sequential);
      // Every key of the file is loaded, each into one parameter.
      expect([...names.values()].sort()).toEqual(stateDictKeys(read(`${modelsDir}${name}.safetensors`)));
      const output = model.forward(tensors.input!);
      expectClose(output, tensors.output!);
      output.dispose();
    } finally {
      model.dispose();
      dispose(Object.values(tensors));
    }
  });

  it('names each parameter after the state-dict key it came from, and orders Embedding → LSTM → Linear', () => {
    const { model, names } = importPyTorch(read(`${modelsDir}char_rnn.safetensors`));
    try {
      const layers = sequential(model).layers;
      expect(layers.map((l) => l.constructor.name)).toEqual(['Embedding', 'LSTM', 'Dense']);
      expect((layers[1] as LSTM).numLayers).toBe(2);
      expect(names.get('0.weight')).toBe('embed.weight');
      expect(names.get('1.weight_hh_l1')).toBe('lstm.weight_hh_l1');
      expect(names.get('2.bias')).toBe('head.bias');
      expect(names.size).toBe(model.namedParameters().length);
    } finally {
      model.dispose();
    }
  });

  it('takes a bias-free Linear after a bidirectional batch-first GRU', () => {
    const { model } = importPyTorch(read(`${modelsDir}gru_tagger.safetensors`), { batchFirst: true });
    try {
      const [gru, head] = sequential(model).layers as [GRU, Dense];
      expect(gru.directions).toBe(2);
      expect(gru.batchFirst).toBe(true);
      expect(head.bias).toBeNull();
    } finally {
      model.dispose();
    }
  });
});

/** make_pytorch.py's single modules (in @rnn/layers' fixtures): one module, no Sequential around it. */
describe('importPyTorch: single modules', () => {
  const dir = fixtures('../layers/test-fixtures/pytorch/');
  const cases = (JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { cases: { name: string; module: string; args: Record<string, unknown> }[] }).cases;
  const ours: Readonly<Record<string, string>> = { RNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU', RNNCell: 'RNNCell', LSTMCell: 'LSTMCell', GRUCell: 'GRUCell', Linear: 'Dense', Embedding: 'Embedding' };

  it.each(cases.map((c) => [c.name, c] as const))('%s becomes the matching module with the same state dict', (_name, { name, module, args }) => {
    const bytes = read(`${dir}${name}.safetensors`);
    const { model } = importPyTorch(bytes, args.nonlinearity === 'relu' ? { nonlinearity: 'relu' } : {});
    const { tensors } = decodeSafetensors(bytes);
    try {
      expect(model.constructor.name).toBe(ours[module]);
      const dict = model.stateDict();
      expect(Object.keys(dict).sort()).toEqual(Object.keys(tensors).sort());
      for (const [key, t] of Object.entries(tensors)) expect(values(dict[key]!)).toEqual(values(t));
      if (model instanceof LSTM) expect(model.projSize).toBe(args.proj_size ?? 0);
      if (model instanceof RNN || model instanceof LSTM || model instanceof GRU) {
        expect(model.numLayers).toBe(args.num_layers ?? 1);
        expect(model.directions).toBe(args.bidirectional === true ? 2 : 1);
      }
    } finally {
      model.dispose();
      dispose(Object.values(tensors));
    }
  });
});

describe('importPyTorch: what it refuses', () => {
  /** A state dict of zeros with these shapes, as safetensors.torch.save_file writes it. */
  const file = (shapes: Record<string, number[]>): Promise<Uint8Array> => {
    const tensors = Object.fromEntries(Object.entries(shapes).map(([key, shape]) => [key, zeros(shape)]));
    return encodeSafetensors(tensors, { format: 'pt' }).finally(() => {
      dispose(Object.values(tensors));
    });
  };

  it('names a parameter of an unknown kind', async () => {
    const bytes = await file({ 'norm.running_mean': [4], 'rnn.weight_ih_l0': [4, 3], 'rnn.weight_hh_l0': [4, 4] });
    expect(() => importPyTorch(bytes)).toThrow(UnsupportedModelError);
    expect(() => importPyTorch(bytes)).toThrow(/norm.*running_mean/);
  });

  it('says how many gates a recurrent weight has when it is none of RNN/GRU/LSTM', async () => {
    const bytes = await file({ 'rnn.weight_ih_l0': [8, 3], 'rnn.weight_hh_l0': [8, 4] });
    expect(() => importPyTorch(bytes)).toThrow(/2 gates, where RNN has 1, GRU 3 and LSTM 4/);
  });

  it('refuses a chain its sizes leave ambiguous, naming the modules', async () => {
    const bytes = await file({ 'a.weight': [4, 4], 'a.bias': [4], 'b.weight': [4, 4], 'b.bias': [4] });
    expect(() => importPyTorch(bytes)).toThrow(/'a' and 'b' could each start it|cannot be ordered/);
  });

  it('refuses weights that do not fit the inferred module, with the key and both shapes', async () => {
    const bytes = await file({ 'rnn.weight_ih_l0': [4, 3], 'rnn.weight_hh_l0': [4, 4], 'rnn.bias_ih_l0': [5], 'rnn.bias_hh_l0': [4] });
    expect(() => importPyTorch(bytes)).toThrow(StateDictError);
    expect(() => importPyTorch(bytes)).toThrow(/bias_ih_l0.*\[4\].*\[5\]/);
  });
});
