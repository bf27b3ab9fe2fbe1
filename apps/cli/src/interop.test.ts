/**
 * `rnn import` and `rnn export` as a person runs them: files written by PyTorch, Keras and our
 * own export come in as model files; checkpoints of `rnn train` go out as ONNX, which
 * onnxruntime runs to the same logits, and as PyTorch state dicts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, dispose, fromArray, setBackend, type Tensor } from '@rnn/tensor';
import { decodeSafetensors, LanguageModel, loadModelFile, Sequential } from '@rnn/layers';
import { decodeCheckpoint } from '@rnn/train';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { rnn, TINY, workspace } from './testing.js';

const { dir, data } = workspace();
const trained = join(dir, 'trained');
const fixtures = fileURLToPath(new URL('../../../packages/interop/test-fixtures/', import.meta.url));

const jsonLine = (text: string): Record<string, unknown> => JSON.parse(text.trim()) as Record<string, unknown>;

beforeAll(async () => {
  setBackend(createCpuBackend());
  const result = await rnn(['train', '--data', data, ...TINY, '--embedding', '8', '--steps', '4', '--eval-every', '4', '--out', trained]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe('rnn import --from pytorch', () => {
  it('infers the modules of a state dict written by torch, writes a model file that reproduces its outputs', async () => {
    const out = join(dir, 'char_rnn.rnn.safetensors');
    const result = await rnn(['import', `${fixtures}pytorch/char_rnn.safetensors`, '--from', 'pytorch', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/model\s+Embedding 12×5 → LSTM 5→7 ×2 → Dense 7→12/);
    expect(result.stdout).toMatch(/1\.weight_ih_l0\s+28×5\s+140/);
    const model = await loadModelFile(out);
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(`${fixtures}pytorch/char_rnn.io.safetensors`)));
    try {
      expect(model).toBeInstanceOf(Sequential);
      const logits = model.forward(tensors.input!);
      const worst = Math.max(...Array.from(logits.dataSync(), (v, i) => Math.abs(v - tensors.output!.dataSync()[i]!)));
      logits.dispose();
      expect(worst).toBeLessThan(1e-5);
    } finally {
      model.dispose();
      dispose(Object.values(tensors));
    }
  });

  it('takes the options weights cannot tell (--nonlinearity, --batch-first) and reports as JSON', async () => {
    const out = join(dir, 'regressor.rnn.safetensors');
    const result = await rnn(['import', `${fixtures}pytorch/relu_regressor.safetensors`, '--from', 'pytorch', '--nonlinearity', 'relu', '--out', out, '--json']);
    expect(result.code).toBe(0);
    const line = jsonLine(result.stdout);
    expect(line.model).toBe('RNN 3→5 relu → Dense 5→4 → Dense 4→1');
    expect(line.totalParameters).toBe(3 * 5 + 5 * 5 + 10 + 5 * 4 + 4 + 4 + 1);
  });

  it('refuses a file that is no state dict, in one line naming it', async () => {
    const bad = join(dir, 'not-weights.safetensors');
    writeFileSync(bad, 'hello');
    const result = await rnn(['import', bad, '--from', 'pytorch']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rnn: error: safetensors: .*byte/);
    expect(existsSync(join(dir, 'not-weights.rnn.safetensors'))).toBe(false);
  });

  it('requires --from, with the formats it knows', async () => {
    const result = await rnn(['import', `${fixtures}pytorch/char_rnn.safetensors`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--from <format>/);
    const wrong = await rnn(['import', `${fixtures}pytorch/char_rnn.safetensors`, '--from', 'caffe']);
    expect(wrong.stderr).toMatch(/pytorch, keras, onnx/);
  });
});

describe('rnn export', () => {
  /** The trained char model's logits for `ids` ([T, B]), by @rnn and by onnxruntime on the exported file. */
  async function bothLogits(onnxFile: string, ids: number[][]): Promise<{ ours: Float32Array; theirs: Float32Array }> {
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(join(trained, 'checkpoint-00000004.safetensors'))));
    checkpoint.dispose();
    const model = checkpoint.model;
    expect(model).toBeInstanceOf(LanguageModel);
    const input: Tensor = fromArray(ids.flat(), { shape: [ids.length, ids[0]!.length], dtype: 'int32' });
    try {
      const logits = model.forward(input);
      const ours = Float32Array.from(logits.dataSync());
      logits.dispose();
      const session = await ort.InferenceSession.create(readFileSync(onnxFile));
      const feeds = { [session.inputNames[0]!]: new ort.Tensor(ortIdType(session), toIds(ids, ortIdType(session)), [ids.length, ids[0]!.length]) };
      const result = await session.run(feeds);
      const theirs = result[session.outputNames[0]!]!.data as Float32Array;
      await session.release();
      return { ours, theirs };
    } finally {
      input.dispose();
      model.dispose();
    }
  }

  it('writes a checkpoint of rnn train as ONNX that onnxruntime runs to the same logits', async () => {
    const out = join(dir, 'lm.onnx');
    const result = await rnn(['export', trained, '--to', 'onnx', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/model\s+Embedding \d+×8 → LSTM 8→16 → Dense → \d+/);
    const { ours, theirs } = await bothLogits(out, [[1, 2, 3], [4, 5, 6], [0, 1, 2], [3, 3, 3]]);
    expect(theirs.length).toBe(ours.length);
    expect(Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]!)))).toBeLessThan(1e-5);
  });

  it('writes the weights as a PyTorch state dict under PyTorch names', async () => {
    const out = join(dir, 'lm.pt.safetensors');
    const result = await rnn(['export', trained, '--to', 'pytorch', '--out', out, '--json']);
    expect(result.code).toBe(0);
    expect(jsonLine(result.stdout)).toMatchObject({ to: 'pytorch', out });
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(out)));
    dispose(Object.values(tensors));
    expect(metadata).toEqual({ format: 'pt' });
    expect(Object.keys(tensors).sort()).toEqual(['embedding.weight', 'head.bias', 'head.weight', 'rnn.bias_hh_l0', 'rnn.bias_ih_l0', 'rnn.weight_hh_l0', 'rnn.weight_ih_l0']);
  });

  it('refuses a file that is not a model, in one line', async () => {
    const result = await rnn(['export', data, '--to', 'onnx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rnn: error: '.*corpus\.txt' is not a model/);
  });
});

describe('rnn import --from onnx', () => {
  it('reads back what rnn export wrote: the same model and weights', async () => {
    const onnxFile = join(dir, 'roundtrip.onnx');
    expect((await rnn(['export', trained, '--to', 'onnx', '--out', onnxFile])).code).toBe(0);
    const out = join(dir, 'roundtrip.rnn.safetensors');
    const result = await rnn(['import', onnxFile, '--from', 'onnx', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const imported = await loadModelFile(out);
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(join(trained, 'checkpoint-00000004.safetensors'))));
    checkpoint.dispose();
    try {
      const [a, b] = [imported.stateDict(), checkpoint.model.stateDict()];
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const key of Object.keys(b)) expect(Array.from(a[key]!.dataSync())).toEqual(Array.from(b[key]!.dataSync()));
    } finally {
      imported.dispose();
      checkpoint.model.dispose();
    }
  });
});

describe('rnn import --from keras', () => {
  /** One entry of the Keras fixtures' cases.json (tooling/interop-fixtures/make_keras.py). */
  interface KerasCase {
    readonly name: string;
    readonly files: Readonly<Record<'keras' | 'legacy_h5', string>>;
    readonly input_dtype: 'float' | 'int32';
    readonly input: unknown;
    readonly output: unknown;
  }
  const kerasDir = `${fixtures}keras/`;
  const cases = (JSON.parse(readFileSync(`${kerasDir}cases.json`, 'utf8')) as { cases: KerasCase[] }).cases;
  const lstm = cases.find((c) => c.name === 'embedding_lstm_dense') ?? cases[0]!;

  it.each(['keras', 'legacy_h5'] as const)('rebuilds a %s file as a model file that reproduces the stored outputs', async (kind) => {
    const out = join(dir, `${lstm.name}.${kind}.rnn.safetensors`);
    const result = await rnn(['import', `${kerasDir}${lstm.files[kind]}`, '--from', 'keras', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const model = await loadModelFile(out);
    const flat = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flat) : [value as number]);
    const shape = (value: unknown): number[] => (Array.isArray(value) ? [value.length, ...shape(value[0])] : []);
    const input = fromArray(flat(lstm.input), { shape: shape(lstm.input), dtype: lstm.input_dtype === 'int32' ? 'int32' : 'float32' });
    try {
      const output = model.forward(input);
      const expected = flat(lstm.output);
      const got = Array.from(output.dataSync());
      output.dispose();
      expect(got).toHaveLength(expected.length);
      expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-5);
    } finally {
      input.dispose();
      model.dispose();
    }
  });
});

type IdType = 'int32' | 'int64';

function ortIdType(session: ort.InferenceSession): IdType {
  const meta = session.inputMetadata[0] as { type?: string } | undefined;
  return meta?.type === 'int64' ? 'int64' : 'int32';
}

function toIds(ids: number[][], type: IdType): Int32Array | BigInt64Array {
  return type === 'int64' ? BigInt64Array.from(ids.flat(), (v) => BigInt(v)) : Int32Array.from(ids.flat());
}
