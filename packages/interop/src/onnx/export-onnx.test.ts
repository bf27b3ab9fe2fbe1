import { createCpuBackend, dispose, Generator, setBackend } from '@rnn/tensor';
import { LSTM } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { B, F, H, inputFor, layerCases, ours, rnnCases, T } from './test-cases.js';
import { maxAbsDifference, randomInput, runOnnxruntime, type Feed } from './test-helpers.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe.each([...rnnCases(), ...layerCases])('exportOnnx: $name', ({ build, input, lengths, options }) => {
  it('runs in onnxruntime with our outputs and final states (1e-5)', async () => {
    const model = build(new Generator(7)).eval();
    const { feed, tensor } = inputFor(model, input, 11);
    const bytes = exportOnnx(model, options);
    const feeds: Record<string, Feed> = { input: feed, ...(lengths ? { sequence_lens: { data: Int32Array.from(lengths), dims: [B] } } : {}) };
    const theirs = await runOnnxruntime(bytes, feeds);
    const expected = ours(model, tensor, lengths);
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      expect(theirs[name]!.dims, name).toEqual(value.shape);
      expect(maxAbsDifference(theirs[name]!.data, value.dataSync()), name).toBeLessThan(1e-5);
    }
    dispose([tensor, ...Object.values(expected)]);
    model.dispose();
  });
});

describe('exportOnnx: LSTM cellClip', () => {
  const build = (cellClip?: number): LSTM => new LSTM({ inputSize: F, hiddenSize: H, numLayers: 2, bidirectional: true, ...(cellClip === undefined ? {} : { cellClip }), generator: new Generator(7) });

  it('becomes the clip attribute: onnxruntime clips the gate inputs as we do', async () => {
    const { feed } = randomInput([T, B, F], 11);
    const clipped = await runOnnxruntime(exportOnnx(build(0.8)), { input: feed });
    const plain = await runOnnxruntime(exportOnnx(build()), { input: feed });
    expect(maxAbsDifference(clipped.output!.data, plain.output!.data)).toBeGreaterThan(1e-3);
  });

  it('differs from onnxruntime once |c| exceeds the clip: onnxruntime does not clip c before tanh', async () => {
    const model = build(0.4);
    const { feed, tensor } = randomInput([T, B, F], 11);
    const theirs = await runOnnxruntime(exportOnnx(model), { input: feed });
    const { output, state } = model.call(tensor);
    expect(Math.max(...Array.from(state[1]!.dataSync(), Math.abs))).toBeGreaterThan(0.4);
    expect(maxAbsDifference(theirs.output!.data, output.dataSync())).toBeGreaterThan(1e-3);
    dispose([tensor, output, ...state]);
  });
});
