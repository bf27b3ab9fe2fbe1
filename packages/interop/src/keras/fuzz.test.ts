/**
 * Seeded mutations of the committed fixtures and hand-made hostile files: every call must return
 * or throw a KerasFormatError / UnsupportedModelError — never another error, never hang.
 */
import { buildModule, type Module } from '@rnn/layers';
import { createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../../layers/src/testing/no-leaked-handles.js';
import { BYTE_MUTATIONS, seededRandom, type SeededRandom } from '../testing/fuzzing.js';
import { importKeras } from './import-keras.js';
import { loadKerasWeights } from './load-keras-weights.js';
import { cases, fixture } from './test-fixtures.js';

beforeAll(() => {
  setBackend(createCpuBackend());
  // jsfive warns on the console about attribute types it cannot decode; garbled files have many.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterAll(() => {
  vi.restoreAllMocks();
});

// Failed imports must free what they built: a hostile file cannot leak memory either.
expectNoLeakedHandles();

/** Runs `call` and reports anything but a clean return or one of the two typed errors. */
function outcome(call: () => void): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof KerasFormatError || error instanceof UnsupportedModelError) return 'typed';
    return error instanceof Error ? `${error.name}: ${error.message} ${error.stack?.split('\n').slice(1, 4).join(' ') ?? ''}` : `non-Error ${String(error)}`;
  }
}

function tryImport(bytes: Uint8Array): string {
  return outcome(() => {
    importKeras(bytes).model.dispose();
  });
}

/** A fresh model of each case's architecture, to load mutated weights into. */
const models = new Map<string, Module>();
beforeAll(() => {
  for (const c of cases) {
    const { model: imported } = importKeras(fixture(c.files.keras));
    models.set(c.name, buildModule(imported.toConfig(), { generator: new Generator(1) }));
    imported.dispose();
  }
});

afterAll(() => {
  for (const model of models.values()) model.dispose();
});

/**
 * Overwrites a few characters of the model_config JSON stored in a legacy .h5 with JSON-ish
 * ones, in place: the HDF5 structure stays valid and the config parser takes the blow.
 */
function mutateJsonText(bytes: Uint8Array, random: SeededRandom): Uint8Array {
  const out = bytes.slice();
  const start = Buffer.from(out).indexOf('{"class_name"');
  const end = Buffer.from(out).indexOf(0, start);
  const alphabet = '{}[]",:0123456789-e.nulltruefalse ';
  for (let k = 1 + random.int(6); k > 0; k--) out[start + random.int(end - start)] = alphabet.charCodeAt(random.int(alphabet.length));
  return out;
}

const rezip = (entries: Zippable): Uint8Array => zipSync(entries, { level: 0 });

describe('fuzz: mutated fixtures', () => {
  const targets = [
    ['legacy .h5', (c: (typeof cases)[number]) => fixture(c.files.legacy_h5), 'import'],
    ['legacy weights .h5', (c: (typeof cases)[number]) => fixture(c.files.legacy_weights_h5), 'load'],
    ['.keras zip', (c: (typeof cases)[number]) => fixture(c.files.keras), 'import'],
    ['the h5 inside a .keras', (c: (typeof cases)[number]) => fixture(c.files.keras), 'inner'],
    ['the model_config JSON inside a legacy .h5', (c: (typeof cases)[number]) => fixture(c.files.legacy_h5), 'json'],
  ] as const;
  const PER_TARGET = 600;

  it.each(targets)('%s: %# returns or throws only typed errors', (label, bytesOf, mode) => {
    const failures: string[] = [];
    for (let seed = 0; seed < PER_TARGET; seed++) {
      const random = seededRandom(seed * 7919 + label.length);
      const c = cases[seed % cases.length]!;
      const mutationName = random.pick(Object.keys(BYTE_MUTATIONS));
      const mutate = (bytes: Uint8Array): Uint8Array => BYTE_MUTATIONS[mutationName]!(random, bytes, bytes);
      const original = bytesOf(c);
      let result: string;
      if (mode === 'json') {
        result = tryImport(mutateJsonText(original, random));
      } else if (mode === 'inner') {
        const entries = unzipSync(original);
        entries['model.weights.h5'] = new Uint8Array(mutate(entries['model.weights.h5']!));
        result = tryImport(rezip(entries));
      } else if (mode === 'load') {
        const model = models.get(c.name)!;
        const mutated = mutate(original);
        result = outcome(() => {
          loadKerasWeights(model, mutated);
        });
      } else {
        result = tryImport(mutate(original));
      }
      if (result !== 'ok' && result !== 'typed') failures.push(`seed ${seed} (${c.name}, ${mutationName}): ${result}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('fuzz: structured hostile files', () => {
  const legacy = (): Uint8Array => fixture(cases.find((c) => c.name === 'lstm')!.files.legacy_h5);
  const find = (bytes: Uint8Array, text: string): number => Buffer.from(bytes).indexOf(text);

  /** The byte where the attribute message named `name` starts (HDF5 v1 attribute: 8-byte header, then the name). */
  function attributeAt(bytes: Uint8Array, name: string): number {
    const at = find(bytes, `${name}\0`) - 8;
    expect(bytes[at]).toBe(1);
    return at;
  }

  it('an attribute declaring 2^40 elements is refused before jsfive loops over them', () => {
    const bytes = legacy();
    const at = attributeAt(bytes, 'weight_names');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const nameSize = view.getUint16(at + 2, true);
    const datatypeSize = view.getUint16(at + 4, true);
    const dataspace = at + 8 + Math.ceil(nameSize / 8) * 8 + Math.ceil(datatypeSize / 8) * 8;
    view.setUint32(dataspace + 8, 0, true);
    view.setUint32(dataspace + 12, 2 ** 8, true);
    expect(() => importKeras(bytes)).toThrow(/declares 1099511627776 elements/);
  });

  it('an attribute whose name runs past the end of the file is a typed error', () => {
    const bytes = legacy();
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(attributeAt(bytes, 'weight_names') + 2, 0xffff, true);
    expect(tryImport(bytes)).toBe('typed');
  });

  it('a zip entry claiming more bytes than deflate can produce is refused before inflating', () => {
    const entries = unzipSync(fixture('lstm.keras'));
    const bytes = zipSync(entries, { level: 6 });
    // The central directory's uncompressed size of model.weights.h5 (offset 24 in its record).
    const record = find(bytes, 'PK\x01\x02');
    let at = record;
    while (at !== -1 && !Buffer.from(bytes.subarray(at + 46, at + 46 + 16)).toString().startsWith('model.weights.h5')) at = Buffer.from(bytes).indexOf('PK\x01\x02', at + 4);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 24, 0xfffffff0, true);
    expect(() => importKeras(bytes)).toThrow(/model\.weights\.h5: declares 4294967280 bytes/);
  });

  const configs: readonly [string, string][] = [
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
    ['no class_name', '{"config": {}}'],
    ['layers that are not objects', '{"class_name": "Sequential", "config": {"layers": [1, "x", null]}}'],
    ['a layer without a name', '{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM", "config": {"units": 4}}]}}'],
    ['units that are not a count', '{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM", "config": {"name": "lstm", "units": -1}}]}}'],
    ['a nested model', '{"class_name": "Sequential", "config": {"layers": [{"class_name": "Sequential", "config": {"name": "inner", "layers": []}}]}}'],
    ['a functional model with no inputs', '{"class_name": "Functional", "config": {"layers": [], "input_layers": [], "output_layers": []}}'],
    ['10000-deep nesting', `${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['a 10000-deep inbound node', `{"class_name": "Functional", "config": {"name": "f", "input_layers": [["i", 0, 0]], "output_layers": [["l", 0, 0]], "layers": [{"class_name": "InputLayer", "config": {"name": "i"}, "inbound_nodes": []}, {"class_name": "LSTM", "config": {"name": "l", "units": 4}, "inbound_nodes": [${'['.repeat(5000)}${']'.repeat(5000)}]}]}}`],
    ['a huge embedding', '{"class_name": "Sequential", "config": {"layers": [{"class_name": "Embedding", "config": {"name": "lstm", "input_dim": 1e15, "output_dim": 1e15}}]}}'],
  ];

  it.each(configs)('config.json with %s is a typed error', (_label, config) => {
    const entries = unzipSync(fixture('lstm.keras'));
    entries['config.json'] = strToU8(config);
    expect(tryImport(rezip(entries))).toBe('typed');
  });

  it('a zip without model.weights.h5, and an empty file, are typed errors', () => {
    expect(tryImport(rezip({ 'config.json': strToU8('{}') }))).toBe('typed');
    expect(tryImport(new Uint8Array(0))).toBe('typed');
  });
});
