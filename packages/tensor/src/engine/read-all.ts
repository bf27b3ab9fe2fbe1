/**
 * Reading several tensors at once. On a GPU every read is a round trip (submit, wait, map), so
 * a training step that reads its loss, metrics and gradient norm reads them together: one
 * `readMany` per backend instead of one `read` per tensor.
 */
import type { Backend, TypedArray } from '../backend/types.js';
import type { Tensor } from '../tensor.js';

/**
 * The elements of every tensor, in order (each as `Tensor.data()` returns it).
 *
 * @example
 * const [loss, accuracy] = await readAll([lossTensor, accuracyTensor]);
 */
export async function readAll(tensors: readonly Tensor[]): Promise<TypedArray[]> {
  for (const t of tensors) t.assertAlive('readAll');
  const byBackend = new Map<Backend, number[]>();
  tensors.forEach((t, i) => {
    const indices = byBackend.get(t.backend);
    if (indices === undefined) byBackend.set(t.backend, [i]);
    else indices.push(i);
  });
  const out = new Array<TypedArray>(tensors.length);
  await Promise.all(
    [...byBackend].map(async ([backend, indices]) => {
      const specs = indices.map((i) => tensors[i]!);
      const values = backend.readMany === undefined ? await Promise.all(specs.map((t) => backend.read(t))) : await backend.readMany(specs);
      indices.forEach((i, k) => (out[i] = values[k]!));
    }),
  );
  return out;
}
