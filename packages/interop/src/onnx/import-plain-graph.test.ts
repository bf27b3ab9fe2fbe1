import { createCpuBackend, dispose, Generator, setBackend, uniform } from '@rnn/tensor';
import { GRU, LSTM } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOnnx } from './import-onnx.js';
import { onnx, type OnnxTypes } from './proto.js';
import { maxAbsDifference, randomInput, runOnnxruntime, type Feed } from './test-helpers.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [T, B, I, H] = [5, 3, 4, 6];

const initializer = (name: string, dims: number[], seed: number): OnnxTypes.ITensorProto => ({
  name,
  dims,
  dataType: onnx.TensorProto.DataType.FLOAT,
  floatData: Array.from(uniform(dims, { generator: new Generator(seed), low: -0.5, high: 0.5 }).dataSync()),
});

const valueInfo = (name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

/** A graph of one recurrent node as another tool would write it: no metadata, Y as an output. */
function plainGraph(op: 'LSTM' | 'GRU', dirs: 1 | 2, attributes: OnnxTypes.IAttributeProto[], peephole: boolean): Uint8Array {
  const gates = op === 'LSTM' ? 4 : 3;
  const inputs = ['x', 'W', 'R', 'B', ...(peephole ? ['', '', '', 'P'] : [])];
  const outputs = op === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
  const graph: OnnxTypes.IGraphProto = {
    name: 'plain',
    node: [{ name: 'rnn', opType: op, input: inputs, output: outputs, attribute: [{ name: 'hidden_size', type: onnx.AttributeProto.AttributeType.INT, i: H }, ...attributes] }],
    initializer: [
      initializer('W', [dirs, gates * H, I], 1),
      initializer('R', [dirs, gates * H, H], 2),
      initializer('B', [dirs, 2 * gates * H], 3),
      ...(peephole ? [initializer('P', [dirs, 3 * H], 4)] : []),
    ],
    input: [valueInfo('x', ['time', 'batch', I])],
    output: outputs.map((name) => valueInfo(name, [])),
  };
  return onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'hand-built', graph }).finish();
}

const direction = (value: string): OnnxTypes.IAttributeProto => ({ name: 'direction', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) });

/** Y [T, dirs, B, H] in our concat layout [T, B, dirs·H]. */
function concatDirections({ data, dims }: Feed): Float32Array {
  const [steps, dirs, batch, hidden] = dims as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let t = 0; t < steps; t++) for (let d = 0; d < dirs; d++) for (let b = 0; b < batch; b++) for (let h = 0; h < hidden; h++) out[((t * batch + b) * dirs + d) * hidden + h] = data[((t * dirs + d) * batch + b) * hidden + h]!;
  return out;
}

describe('importOnnx of a graph without our metadata', () => {
  it.each([
    { name: 'bidirectional LSTM with peepholes', op: 'LSTM' as const, dirs: 2 as const, attributes: [direction('bidirectional')], peephole: true, type: LSTM },
    { name: 'LSTM, forward', op: 'LSTM' as const, dirs: 1 as const, attributes: [], peephole: false, type: LSTM },
    { name: 'GRU, linear_before_reset 0, reverse', op: 'GRU' as const, dirs: 1 as const, attributes: [direction('reverse')], peephole: false, type: GRU },
    { name: 'GRU, linear_before_reset 1, bidirectional', op: 'GRU' as const, dirs: 2 as const, attributes: [direction('bidirectional'), { name: 'linear_before_reset', type: onnx.AttributeProto.AttributeType.INT, i: 1 }], peephole: false, type: GRU },
  ])('reads a bare $name node and matches onnxruntime (1e-5)', async ({ op, dirs, attributes, peephole, type }) => {
    const bytes = plainGraph(op, dirs, attributes, peephole);
    const model = importOnnx(bytes);
    if (!(model instanceof type)) throw new Error(`imported a ${model.toConfig().type}, expected ${type.name}`);
    expect(model.directions).toBe(dirs);
    const { feed, tensor } = randomInput([T, B, I], 5);
    const theirs = await runOnnxruntime(bytes, { x: feed });
    const { output, state } = model.call(tensor);
    expect(maxAbsDifference(output.dataSync(), concatDirections(theirs.Y!))).toBeLessThan(1e-5);
    expect(maxAbsDifference(state[0]!.dataSync(), theirs.Y_h!.data)).toBeLessThan(1e-5);
    if (op === 'LSTM') expect(maxAbsDifference(state[1]!.dataSync(), theirs.Y_c!.data)).toBeLessThan(1e-5);
    dispose([tensor, output, ...state]);
    model.dispose();
  });
});

describe('importOnnx of feed-forward patterns without our metadata', () => {
  it('reads Gemm (transB) + Softmax as a Dense with softmax and matches onnxruntime (1e-5)', async () => {
    const [inFeatures, outFeatures] = [4, 5];
    const graph: OnnxTypes.IGraphProto = {
      name: 'gemm',
      node: [
        { name: 'fc', opType: 'Gemm', input: ['x', 'weight', 'bias'], output: ['logits'], attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
        { name: 'probabilities', opType: 'Softmax', input: ['logits'], output: ['y'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }] },
      ],
      initializer: [initializer('weight', [outFeatures, inFeatures], 8), initializer('bias', [outFeatures], 9)],
      input: [valueInfo('x', ['batch', inFeatures])],
      output: [valueInfo('y', ['batch', outFeatures])],
    };
    const bytes = onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], graph }).finish();
    const model = importOnnx(bytes);
    expect(model.toConfig()).toEqual({ type: 'Dense', options: { inFeatures, outFeatures, bias: true, activation: 'softmax', dtype: 'float32' } });
    const { feed, tensor } = randomInput([B, inFeatures], 6);
    const theirs = await runOnnxruntime(bytes, { x: feed });
    const ours = model.forward(tensor);
    expect(maxAbsDifference(ours.dataSync(), theirs.y!.data)).toBeLessThan(1e-5);
    dispose([tensor, ours]);
    model.dispose();
  });
});
