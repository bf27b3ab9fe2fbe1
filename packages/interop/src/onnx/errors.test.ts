import { ArgumentError, createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { Dense, Jordan, LanguageModel, LSTM, Sequential, TimeDistributed, type Module } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { exportOnnx } from './export-onnx.js';
import { importOnnx } from './import-onnx.js';
import { CONFIG_KEY } from './metadata.js';
import { onnx, type OnnxTypes } from './proto.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const generator = (): Generator => new Generator(3);
const lstm = (options: Partial<ConstructorParameters<typeof LSTM>[0]> = {}): LSTM => new LSTM({ inputSize: 3, hiddenSize: 4, generator: generator(), ...options });

/** The error `f` throws (failing the test when it throws none). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}

describe('exportOnnx refuses what ONNX cannot express, naming the module path and the option', () => {
  it.each<{ name: string; model: () => Module; module: string; detail: RegExp }>([
    { name: 'an LSTM projection', model: () => lstm({ projSize: 2 }), module: '(root)', detail: /projSize 2/ },
    { name: "a Greff variant", model: () => lstm({ variant: 'CIFG' }), module: '(root)', detail: /variant 'CIFG'/ },
    { name: 'memory blocks', model: () => lstm({ hiddenSize: 4, blockSize: 2 }), module: '(root)', detail: /blockSize 2/ },
    { name: 'goBackwards on a bidirectional layer', model: () => lstm({ bidirectional: true, goBackwards: true }), module: '(root)', detail: /goBackwards/ },
    { name: 'a Jordan layer inside a Sequential', model: () => new Sequential([new Dense({ inFeatures: 3, outFeatures: 3, generator: generator() }), new Jordan({ inputSize: 3, hiddenSize: 4, generator: generator() })]), module: '1', detail: /Jordan/ },
    { name: 'a nested projection', model: () => new Sequential([new Sequential([lstm({ projSize: 1 })])]), module: '0.0', detail: /projSize/ },
    { name: 'a language model over a Jordan layer', model: () => new LanguageModel({ vocabSize: 3, rnn: new Jordan({ inputSize: 3, hiddenSize: 4, generator: generator() }), generator: generator() }), module: 'rnn', detail: /Jordan/ },
    { name: 'TimeDistributed around a recurrent layer', model: () => new TimeDistributed(lstm()), module: 'layer', detail: /Dense only/ },
  ])('$name', ({ model, module, detail }) => {
    const error = thrown(() => exportOnnx(model()));
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect((error as UnsupportedModelError).module).toBe(module);
    expect((error as UnsupportedModelError).detail).toMatch(detail);
  });

  it('refuses goBackwards with sequence lengths, and opsets below 13', () => {
    expect(thrown(() => exportOnnx(lstm({ goBackwards: true }), { sequenceLengths: true }))).toBeInstanceOf(UnsupportedModelError);
    expect(thrown(() => exportOnnx(lstm(), { opset: 12 }))).toBeInstanceOf(ArgumentError);
  });
});

/** An exported LSTM's file, edited by `edit` and encoded again. */
function edited(edit: (model: OnnxTypes.ModelProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(exportOnnx(lstm({ numLayers: 2 })));
  edit(model);
  return onnx.ModelProto.encode(model).finish();
}

const initializerNamed = (model: OnnxTypes.ModelProto, name: string): OnnxTypes.ITensorProto => model.graph!.initializer!.find((t) => t.name === name)!;

describe('importOnnx names what is wrong in a bad file', () => {
  it.each<{ name: string; bytes: () => Uint8Array; type: typeof OnnxFormatError | typeof UnsupportedModelError; message: RegExp }>([
    { name: 'bytes that are not protobuf', bytes: () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), type: OnnxFormatError, message: /not an ONNX ModelProto/ },
    { name: 'a truncated file', bytes: () => exportOnnx(lstm()).slice(0, 100), type: OnnxFormatError, message: /onnx: / },
    {
      name: 'an unknown op',
      bytes: () =>
        edited((m) => {
          m.graph!.node![0]!.opType = 'Conv';
        }),
      type: UnsupportedModelError,
      message: /node 'LSTM\/LSTM_l0' \(Conv\).*op_type 'Conv'/,
    },
    {
      name: 'a missing initializer',
      bytes: () =>
        edited((m) => {
          m.graph!.initializer = m.graph!.initializer!.filter((t) => t.name !== 'W_l1');
        }),
      type: OnnxFormatError,
      message: /'W_l1'/,
    },
    {
      name: 'wrong dims (same element count)',
      bytes: () =>
        edited((m) => {
          initializerNamed(m, 'R_l0').dims = [1, 4, 16];
        }),
      type: OnnxFormatError,
      message: /initializer 'R_l0'.*dims \[1, 4, 16\]/,
    },
    {
      name: 'an unsupported data type',
      bytes: () =>
        edited((m) => {
          initializerNamed(m, 'W_l0').dataType = onnx.TensorProto.DataType.DOUBLE;
        }),
      type: OnnxFormatError,
      message: /initializer 'W_l0'.*data_type 11/,
    },
    {
      name: 'an integer where weights must be float',
      bytes: () =>
        edited((m) => {
          initializerNamed(m, 'B_l0').dataType = onnx.TensorProto.DataType.INT32;
        }),
      type: OnnxFormatError,
      message: /initializer 'B_l0'.*float32/,
    },
    {
      name: 'raw_data shorter than the dims',
      bytes: () =>
        edited((m) => {
          const w = initializerNamed(m, 'W_l0');
          w.rawData = w.rawData!.slice(0, 8);
        }),
      type: OnnxFormatError,
      message: /initializer 'W_l0'.*8 bytes of raw_data/,
    },
    {
      name: 'huge dims',
      bytes: () =>
        edited((m) => {
          initializerNamed(m, 'W_l0').dims = [2 ** 31, 2 ** 31];
        }),
      type: OnnxFormatError,
      message: /initializer 'W_l0'.*more data than the/,
    },
    {
      name: 'negative dims',
      bytes: () =>
        edited((m) => {
          initializerNamed(m, 'W_l0').dims = [-1, 16, 3];
        }),
      type: OnnxFormatError,
      message: /initializer 'W_l0'.*non-negative/,
    },
    {
      name: 'a duplicate initializer',
      bytes: () =>
        edited((m) => {
          m.graph!.initializer!.push(initializerNamed(m, 'R_l0'));
        }),
      type: OnnxFormatError,
      message: /initializer 'R_l0'.*twice/,
    },
    {
      name: 'metadata with a layer the graph lacks',
      bytes: () =>
        edited((m) => {
          const entry = m.metadataProps.find((p) => p.key === CONFIG_KEY)!;
          entry.value = JSON.stringify({ type: 'Sequential', options: { layers: [JSON.parse(entry.value ?? '') as unknown, { type: 'Dense', options: { inFeatures: 4, outFeatures: 2, bias: true, activation: 'linear', dtype: 'float32' } }] } });
        }),
      type: OnnxFormatError,
      message: /metadata 'rnn.config'.*does not match/,
    },
    {
      name: 'metadata that is not JSON',
      bytes: () =>
        edited((m) => {
          m.metadataProps.find((p) => p.key === CONFIG_KEY)!.value = '{"type":';
        }),
      type: OnnxFormatError,
      message: /metadata 'rnn.config'.*not JSON/,
    },
    {
      name: 'metadata that disagrees with the graph',
      bytes: () =>
        edited((m) => {
          const entry = m.metadataProps.find((p) => p.key === CONFIG_KEY)!;
          entry.value = (entry.value ?? '').replace('"hiddenSize":4', '"hiddenSize":400000000');
        }),
      type: OnnxFormatError,
      message: /metadata 'rnn.config'.*does not match the graph/,
    },
  ])('$name', ({ bytes, type, message }) => {
    const file = bytes();
    const handles = numHandles();
    const error = thrown(() => importOnnx(file));
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    // A refused file leaves no tensors behind, even when it failed after building the model.
    expect(numHandles()).toBe(handles);
  });
});
