/** Choosing the current backend, moving tensors between backends, debug mode. */
import type { Backend } from '../backend/types.js';
import { NoBackendError, NonFiniteError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { state } from './state.js';

/** Makes `backend` the one creation ops use when none is passed. Returns the previous one. */
export function setBackend(backend: Backend): Backend | null {
  const previous = state.backend;
  state.backend = backend;
  return previous;
}

export function getBackend(): Backend {
  if (state.backend === null) throw new NoBackendError('getBackend');
  return state.backend;
}

/** A copy of `t` on `backend` (async: the data is read from the source backend). */
export async function toBackend(t: Tensor, backend: Backend): Promise<Tensor> {
  t.assertAlive('toBackend');
  const values = await t.data();
  return new Tensor(backend.write(values, t.shape, t.dtype), t.shape, t.dtype, backend);
}

/**
 * Debug mode checks, after every kernel, that it created exactly the storage it returned (no
 * leaked handles) and that its float outputs hold no NaN or ±Infinity
 * (sync-read backends only). Slow; for finding bugs.
 */
export function setDebugMode(on: boolean): void {
  state.debug = on;
}

/** Throws {@link NonFiniteError} naming `what` if `t` holds NaN or ±Infinity. */
export async function assertFinite(t: Tensor, what = 'assertFinite'): Promise<void> {
  const data = await t.data();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) throw new NonFiniteError(what, i, v);
  }
}
