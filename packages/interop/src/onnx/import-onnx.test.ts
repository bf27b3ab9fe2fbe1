import { createCpuBackend, dispose, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { importOnnx } from './import-onnx.js';
import { inputFor, layerCases, ours, rnnCases } from './test-cases.js';
import { maxAbsDifference } from './test-helpers.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe.each([...rnnCases(), ...layerCases])('importOnnx round trip: $name', ({ build, input, lengths, options }) => {
  it('rebuilds the same config and the same outputs (1e-6), leaking no tensors', () => {
    const handles = numHandles();
    const model = build(new Generator(7)).eval();
    const copy = importOnnx(exportOnnx(model, options), { generator: new Generator(99) });
    expect(copy.toConfig()).toEqual(model.toConfig());
    const { tensor } = inputFor(model, input, 13);
    const expected = ours(model, tensor, lengths);
    const actual = ours(copy, tensor, lengths);
    for (const [name, value] of Object.entries(expected)) {
      expect(actual[name]!.shape, name).toEqual(value.shape);
      expect(maxAbsDifference(actual[name]!.dataSync(), value.dataSync()), name).toBeLessThan(1e-6);
    }
    dispose([tensor, ...Object.values(expected), ...Object.values(actual)]);
    model.dispose();
    copy.dispose();
    expect(numHandles()).toBe(handles);
  });
});
