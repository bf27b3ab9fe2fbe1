/**
 * Files written by PyTorch's own exporter (torch.onnx.export, opset 14, dynamic time and batch
 * axes; see test-fixtures/torch-onnx/README.md): each imports and reproduces torch's outputs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, dispose, fromArray, setBackend, type Tensor } from '@rnn/tensor';
import { Recurrent } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.js';
import { importOnnx } from './import-onnx.js';
import { onnx, type OnnxTypes } from './proto.js';
import { maxAbsDifference } from './test-helpers.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

interface Stored {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** A `<case>.io.json`: the input fed to torch and torch's outputs, in the graph's output order. */
interface CaseIo {
  readonly input: Stored & { readonly dtype: 'float32' | 'int32' };
  readonly outputs: Readonly<Record<string, Stored>>;
}

interface Case {
  readonly onnx: string;
  readonly io: string;
  readonly outputs: readonly string[];
}

const folder = new URL('../../test-fixtures/torch-onnx/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(name, folder)));
const cases = Object.entries(JSON.parse(fixture('cases.json').toString('utf8')) as Record<string, Case>);

/** Our outputs in the order torch's graph lists them: the output, then each final state. */
function run(bytes: Uint8Array, input: Tensor): Tensor[] {
  const model = importOnnx(bytes);
  try {
    if (model instanceof Recurrent) {
      const { output, state } = model.call(input);
      return [output, ...state];
    }
    return [model.forward(input)];
  } finally {
    model.dispose();
  }
}

/** The LSTM case's file with the attributes of the ConstantOfShape behind its initial states edited. */
function withStateFill(edit: (attributes: OnnxTypes.IAttributeProto[]) => OnnxTypes.IAttributeProto[]): Uint8Array {
  const [, lstm] = cases.find(([, c]) => c.outputs.includes('c_n')) ?? [];
  if (lstm === undefined) throw new Error('cases.json has no LSTM case');
  const model = onnx.ModelProto.decode(fixture(lstm.onnx));
  const fill = model.graph!.node!.find((n) => n.opType === 'ConstantOfShape')!;
  fill.attribute = edit(fill.attribute!);
  return onnx.ModelProto.encode(model).finish();
}

describe('importOnnx of files torch.onnx.export wrote', () => {
  it.each(cases)('%s imports and matches torch (1e-5)', (_name, { onnx: file, io, outputs }) => {
    const { input, outputs: expected } = JSON.parse(fixture(io).toString('utf8')) as CaseIo;
    const x = fromArray(input.dtype === 'int32' ? Int32Array.from(input.data) : Float32Array.from(input.data), { shape: [...input.shape], dtype: input.dtype });
    const ours = run(new Uint8Array(fixture(file)), x);
    expect(ours).toHaveLength(outputs.length);
    outputs.forEach((name, i) => {
      expect(ours[i]!.shape).toEqual(expected[name]!.shape);
      expect(maxAbsDifference(ours[i]!.dataSync(), expected[name]!.data)).toBeLessThan(1e-5);
    });
    dispose([x, ...ours]);
  });

  it("reads nn.RNN's relu from the node's activations", () => {
    const [, relu] = cases.find(([name]) => name === 'rnn_relu_bi') ?? [];
    if (relu === undefined) throw new Error('cases.json has no rnn_relu_bi');
    const model = importOnnx(new Uint8Array(fixture(relu.onnx)));
    expect(model.toConfig().options).toMatchObject({ nonlinearity: 'relu', bidirectional: true });
    model.dispose();
  });

  it('takes a ConstantOfShape without a value as zeros (ONNX: the value defaults to 0.0)', () => {
    const bytes = withStateFill((attributes) => attributes.filter((a) => a.name !== 'value'));
    const model = importOnnx(bytes);
    expect(model.toConfig().type).toBe('LSTM');
    model.dispose();
  });

  it('refuses a non-zero initial state, naming the recurrent node and what fills its state', () => {
    const bytes = withStateFill((attributes) => {
      attributes.find((a) => a.name === 'value')!.t!.rawData = new Uint8Array(Float32Array.of(0.5).buffer);
      return attributes;
    });
    let error: unknown;
    try {
      importOnnx(bytes).dispose();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect((error as Error).message).toMatch(/node '[^']*LSTM[^']*' \(LSTM\).*initial_h.*node '[^']*' \(ConstantOfShape\) fills with \[0\.5\]/);
  });
});
