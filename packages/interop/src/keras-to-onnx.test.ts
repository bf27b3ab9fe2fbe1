/**
 * The whole road from Keras to onnxruntime: each Keras fixture is imported, exported to ONNX and
 * run by onnxruntime-node, whose output must equal Keras's own (the fixtures' expected outputs)
 * within 1e-5 — GRUs with `reset_after=True`, which tfjs cannot load, included.
 */
import { createCpuBackend, setBackend } from '@rnn/tensor';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../layers/src/testing/no-leaked-handles.js';
import { cases, fixture, type KerasCase } from './keras/test-fixtures.js';
import { importKeras } from './keras/index.js';
import { exportOnnx } from './onnx/index.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

type Nested = number | Nested[];
const flat = (value: Nested): number[] => (Array.isArray(value) ? value.flatMap(flat) : [value]);
const shapeOf = (value: Nested): number[] => (Array.isArray(value) ? [value.length, ...shapeOf(value[0]!)] : []);

function onnxOf(c: KerasCase): Uint8Array {
  const { model } = importKeras(fixture(c.files.keras));
  try {
    return exportOnnx(model);
  } finally {
    model.dispose();
  }
}

describe('Keras → @rnn → ONNX → onnxruntime', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const session = await ort.InferenceSession.create(onnxOf(c));
    const input = c.input as Nested;
    const data = c.input_dtype === 'int32' ? Int32Array.from(flat(input)) : Float32Array.from(flat(input));
    const result = await session.run({ input: new ort.Tensor(c.input_dtype === 'int32' ? 'int32' : 'float32', data, shapeOf(input)) });
    await session.release();
    const output = result.output!;
    const expected = flat(c.output as Nested);
    expect(output.dims).toEqual(shapeOf(c.output as Nested));
    const got = output.data as Float32Array;
    expect(Math.max(...expected.map((v, i) => Math.abs(v - got[i]!)))).toBeLessThan(1e-5);
  });
});
