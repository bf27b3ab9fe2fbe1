/** Test helper: the committed Keras fixtures and their cases.json (tooling/interop-fixtures/make_keras.py). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { fromArray, type NestedArray, type Tensor } from '@rnn/tensor';
import { expect } from 'vitest';

export interface KerasCase {
  readonly name: string;
  readonly description: string;
  readonly files: { readonly keras: string; readonly legacy_h5: string; readonly legacy_weights_h5: string };
  readonly layer_names: readonly string[];
  readonly input_dtype: 'float' | 'int32';
  readonly input: NestedArray;
  readonly output: NestedArray;
}

export interface HostileCase {
  readonly file: string;
  readonly error: 'KerasFormatError' | 'UnsupportedModelError';
  readonly message_includes: string;
  readonly why: string;
}

const folder = fileURLToPath(new URL('../../test-fixtures/keras/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${folder}cases.json`, 'utf8')) as { tolerance: number; cases: KerasCase[]; hostile: HostileCase[] };

export const { cases, hostile, tolerance } = manifest;

export const fixture = (file: string): Uint8Array => new Uint8Array(readFileSync(`${folder}${file}`));

/** The model.weights.h5 inside a .keras file: what Keras 3's `save_weights('x.weights.h5')` writes. */
export function weightsH5(kerasFile: string): Uint8Array {
  const entry = unzipSync(fixture(kerasFile))['model.weights.h5'];
  if (entry === undefined) throw new Error(`${kerasFile} has no model.weights.h5`);
  return entry;
}

export const inputOf = (c: KerasCase): Tensor => fromArray(c.input, { dtype: c.input_dtype === 'int32' ? 'int32' : 'float64' });

/** Every element of `actual` within the fixtures' tolerance of Keras's expected output. */
export function expectKerasOutput(actual: Tensor, c: KerasCase): void {
  const expected = fromArray(c.output, { dtype: 'float64' });
  try {
    expect(actual.shape).toEqual(expected.shape);
    const [a, e] = [actual.dataSync(), expected.dataSync()];
    let worst = 0;
    for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!));
    expect(worst).toBeLessThan(tolerance);
  } finally {
    expected.dispose();
  }
}
