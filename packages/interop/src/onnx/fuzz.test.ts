/**
 * Hostile and corrupt files: thousands of seeded mutations of exported models (ours and
 * torch.onnx.export's, with their Constant and zero-state shape arithmetic), raw byte edits
 * and structured edits made through the protobuf schema. Every import must either return a
 * module or throw one of the two typed errors — never a TypeError, RangeError or protobufjs
 * Error, and never allocate what a declared shape claims before checking the bytes exist.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { Dense, Embedding, GRU, LanguageModel, LSTM, Sequential, type Module } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { exportOnnx } from './export-onnx.js';
import { importOnnx, UNEXPECTED_LOCATION } from './import-onnx.js';
import { onnx, type OnnxTypes } from './proto.js';
import { mutateBytes, seededRandom, type SeededRandom } from '../testing/fuzzing.js';

/** The exported files every mutation starts from (made once the backend is set). */
let originals: Uint8Array[] = [];

beforeAll(() => {
  setBackend(createCpuBackend());
  originals = models();
});

type Random = SeededRandom;

function models(): Uint8Array[] {
  const g = (): Generator => new Generator(5);
  const list: Module[] = [
    new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, peephole: true, generator: g() }),
    new GRU({ inputSize: 3, hiddenSize: 4, bidirectional: true, batchFirst: true, mergeMode: 'sum', returnSequences: false, generator: g() }),
    new LanguageModel({ vocabSize: 5, embeddingDim: 3, rnn: new LSTM({ inputSize: 3, hiddenSize: 4, generator: g() }), generator: g() }),
    new Sequential([new Embedding({ numEmbeddings: 6, embeddingDim: 3, generator: g() }), new GRU({ inputSize: 3, hiddenSize: 4, generator: g() }), new Dense({ inFeatures: 4, outFeatures: 6, activation: 'softmax', generator: g() })]),
  ];
  const bytes = list.map((m, i) => exportOnnx(m, { sequenceLengths: i === 0 }));
  list.forEach((m) => {
    m.dispose();
  });
  return [...bytes, ...torchExports()];
}

/** The files torch.onnx.export wrote (test-fixtures/torch-onnx), as cases.json lists them. */
function torchExports(): Uint8Array[] {
  const folder = new URL('../../test-fixtures/torch-onnx/', import.meta.url);
  const read = (name: string): Buffer => readFileSync(fileURLToPath(new URL(name, folder)));
  const cases = JSON.parse(read('cases.json').toString('utf8')) as Record<string, { readonly onnx: string }>;
  return Object.values(cases).map((c) => new Uint8Array(read(c.onnx)));
}

// ---- structured mutations, made on the decoded model ----

const HUGE = [2 ** 31, 2 ** 31];

function someInitializer(r: Random, m: OnnxTypes.ModelProto): OnnxTypes.ITensorProto | undefined {
  const list = m.graph?.initializer ?? [];
  return list.length === 0 ? undefined : r.pick(list);
}

function someNode(r: Random, m: OnnxTypes.ModelProto): OnnxTypes.INodeProto | undefined {
  const list = m.graph?.node ?? [];
  return list.length === 0 ? undefined : r.pick(list);
}

const structuredMutations: readonly ((r: Random, m: OnnxTypes.ModelProto) => void)[] = [
  (r, m) => {
    const t = someInitializer(r, m);
    if (t) t.dims = r.pick([HUGE, [2 ** 53], [2 ** 40, 0], [1e9, 1e9, 1e9], [4, 2 ** 30]]);
  },
  (r, m) => {
    const t = someInitializer(r, m);
    if (t?.rawData) t.rawData = t.rawData.slice(0, r.int(t.rawData.length));
  },
  (r, m) => {
    const t = someInitializer(r, m);
    if (t) t.dataType = r.int(20);
  },
  (r, m) => {
    const t = someInitializer(r, m);
    if (t) m.graph!.initializer!.push({ ...t });
  },
  (r, m) => {
    const n = someNode(r, m);
    const other = someNode(r, m);
    if (n && other) n.name = other.name;
  },
  (r, m) => {
    const n = someNode(r, m);
    const other = someNode(r, m);
    if (n && other && n.output && other.output && n.output.length > 0) n.output[0] = r.pick(other.output);
  },
  (r, m) => {
    const n = someNode(r, m);
    if (n?.input && n.input.length > 0) n.input[r.int(n.input.length)] = r.pick(['', 'no_such_tensor', 'input', 'output']);
  },
  (r, m) => {
    const t = someInitializer(r, m);
    if (t?.dims && t.dims.length > 0) t.dims[r.int(t.dims.length)] = r.pick([-1, -(2 ** 31), 0, 1]);
  },
  (r, m) => {
    m.graph!.input = r.int(2) === 0 ? [] : [...(m.graph!.input ?? []), { name: 'extra' }];
  },
  (r, m) => {
    const list = m.graph!.node!;
    if (list.length > 0) list.splice(r.int(list.length), 1);
  },
  (r, m) => {
    const n = someNode(r, m);
    if (n) n.opType = r.pick(['LSTM', 'GRU', 'RNN', 'Transpose', 'Squeeze', 'MatMul', 'Add', 'Gather', 'Identity', 'Softmax', 'Concat', 'Split', 'OneHot', 'Shape', 'ConstantOfShape', 'Slice', 'Constant', 'Conv', 'If', '']);
  },
  (r, m) => {
    const n = someNode(r, m);
    const a = n?.attribute && n.attribute.length > 0 ? r.pick(n.attribute) : undefined;
    if (!a) return;
    a.i = r.pick([0, -1, 1, 3, 2 ** 31, 2 ** 53]);
    a.ints = r.pick([[], [1, 0, 2], [0, 0, -1], [2 ** 40]]);
    a.f = r.pick([0, -1, NaN, Infinity, 0.5]);
    a.s = new TextEncoder().encode(r.pick(['forward', 'reverse', 'bidirectional', 'sideways', '']));
    const { AttributeType } = onnx.AttributeProto;
    a.type = r.pick([a.type ?? AttributeType.UNDEFINED, AttributeType.FLOAT, AttributeType.INT, AttributeType.STRING, AttributeType.INTS]);
  },
  (r, m) => {
    const entry = m.metadataProps[0];
    if (!entry?.value) return;
    const numbers = entry.value.match(/\d+/g) ?? [];
    if (numbers.length === 0) return;
    const target = r.pick(numbers);
    entry.value = r.int(4) === 0 ? entry.value.slice(0, r.int(entry.value.length)) : entry.value.replace(target, r.pick(['0', '1', '100000000', '-3', '1e308', '"x"', '{}']));
  },
  (r, m) => {
    const t = someInitializer(r, m);
    if (!t) return;
    t.rawData = new Uint8Array(0);
    t.floatData = Array.from({ length: r.int(40) }, () => r.int(10));
  },
  (r, m) => {
    // Constant and ConstantOfShape values: tensors inside attributes must be checked like initializers.
    const t = someNode(r, m)?.attribute?.find((a) => a.t)?.t;
    if (t) t.dims = r.pick([HUGE, [2 ** 53], [0], [2, 2], [-1]]);
  },
  (r, m) => {
    m.opsetImport = r.pick([[], [{ domain: '', version: -1 }], [{ domain: 'com.other', version: 1 }], [{ domain: '', version: 2 ** 60 }]]);
  },
];

function mutateStructure(r: Random, bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  for (let k = 1 + r.int(3); k > 0; k--) r.pick(structuredMutations)(r, model);
  return onnx.ModelProto.encode(model).finish();
}

/**
 * 'ok', or the typed error's class name; anything else — including the importer's own safety
 * net for errors no deliberate check made — is rethrown and fails the test.
 */
function outcome(bytes: Uint8Array): string {
  try {
    importOnnx(bytes).dispose();
    return 'ok';
  } catch (error) {
    if (error instanceof UnsupportedModelError) return error.name;
    if (error instanceof OnnxFormatError && error.location !== UNEXPECTED_LOCATION) return error.name;
    throw error;
  }
}

describe('importOnnx under fuzzing', () => {
  it.each([
    { kind: 'byte-level', seed: 1, count: 1600 },
    { kind: 'structured', seed: 2, count: 1600 },
  ])('$count seeded $kind mutations import or throw a typed error', ({ kind, seed, count }) => {
    const r = seededRandom(seed);
    const tally = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const bytes = r.pick(originals);
      const mutated = kind === 'byte-level' ? mutateBytes(r, bytes, r.pick(originals)).bytes : mutateStructure(r, bytes);
      let result: string;
      try {
        result = outcome(mutated);
      } catch (error) {
        throw new Error(`mutation ${i} (seed ${seed}) escaped as ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
      }
      tally.set(result, (tally.get(result) ?? 0) + 1);
    }
    // Both ways out are exercised: some mutants still import, most are refused.
    expect(tally.get('OnnxFormatError') ?? 0).toBeGreaterThan(count / 10);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(count);
  });

  it('the unmutated files import', () => {
    for (const bytes of originals) expect(outcome(bytes)).toBe('ok');
  });
});
