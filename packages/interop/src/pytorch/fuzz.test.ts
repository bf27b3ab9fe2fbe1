/**
 * Hostile state dicts for importPyTorch: renamed keys, layer indices far past the file's
 * tensors, shapes that disagree, dtypes that are not floats. Each import must build a model or
 * throw one of the library's typed errors, and never allocate more than the file describes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, dispose, RnnError, setBackend, zeros, type DType, type Tensor } from '@rnn/tensor';
import { decodeSafetensors, encodeSafetensors } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../../layers/src/testing/no-leaked-handles.js';
import { seededRandom } from '../testing/fuzzing.js';
import { importPyTorch } from './import-pytorch.js';

/** The char-rnn's keys, shapes and dtypes, which the mutants start from. */
let entries: { key: string; shape: number[]; dtype: DType }[] = [];

beforeAll(() => {
  setBackend(createCpuBackend());
  const source = decodeSafetensors(new Uint8Array(readFileSync(fileURLToPath(new URL('../../test-fixtures/pytorch/char_rnn.safetensors', import.meta.url)))));
  entries = Object.entries(source.tensors).map(([key, t]) => ({ key, shape: [...t.shape], dtype: t.dtype }));
  dispose(Object.values(source.tensors));
});

expectNoLeakedHandles();

const KEY_EDITS: readonly ((key: string, next: () => number) => string)[] = [
  (key, next) => key.replace(/_l\d+/, `_l${Math.floor(next() * 1e6)}`),
  (key) => key.replace('weight', 'bias'),
  (key) => key.replace('_ih', '_hr'),
  (key) => `${key}_reverse`,
  (key, next) => key.replace(/^[^.]+/, ['embed', 'lstm', 'head', 'x', ''][Math.floor(next() * 5)]!),
  (key) => key.replace(/\.[^.]+$/, '.running_mean'),
  (key) => key.split('.').pop()!,
];
const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** A state dict like the char-rnn's with a few keys, shapes or dtypes changed. */
function mutant(seed: number): Record<string, { shape: number[]; dtype: DType }> {
  const { next } = seededRandom(seed);
  const dict: Record<string, { shape: number[]; dtype: DType }> = {};
  for (const { key, shape, dtype } of entries) {
    const roll = next();
    const edited = roll < 0.15 ? KEY_EDITS[Math.floor(next() * KEY_EDITS.length)]!(key, next) : key;
    if (roll > 0.9) continue; // a missing tensor
    const newShape = next() < 0.1 ? shape.map((d) => Math.max(0, d + Math.floor(next() * 5) - 2)) : next() < 0.03 ? [...shape, 1] : shape;
    dict[edited] = { shape: newShape, dtype: next() < 0.05 ? DTYPES[Math.floor(next() * DTYPES.length)]! : dtype };
  }
  return dict;
}

describe('importPyTorch on mutated state dicts', () => {
  it('builds a model or throws a typed error, for 1500 mutants', async () => {
    const outcomes = { built: 0, refused: 0 };
    for (let seed = 0; seed < 1500; seed++) {
      const tensors: Record<string, Tensor> = Object.fromEntries(Object.entries(mutant(seed)).map(([key, { shape, dtype }]) => [key, zeros(shape, { dtype })]));
      const bytes = await encodeSafetensors(tensors);
      dispose(Object.values(tensors));
      try {
        importPyTorch(bytes).model.dispose();
        outcomes.built++;
      } catch (error) {
        if (!(error instanceof RnnError)) throw new Error(`mutant ${seed} threw ${String(error)}`, { cause: error });
        outcomes.refused++;
      }
    }
    // Both paths are exercised: most mutants are refused, the unharmed ones build.
    expect(outcomes.built).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(500);
  });
});
