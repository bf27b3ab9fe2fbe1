/** The user-facing memory API: tidy, scope (for `using`), keep, dispose, numHandles. */
import type { Backend } from '../backend/types.js';
import { RnnError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { openScope, type Scope } from './scope.js';
import { state } from './state.js';

/** Anything that may hold tensors: a tensor, or arrays/objects/maps of them, nested. */
export type TensorContainer =
  | Tensor
  | null
  | undefined
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- so `tidy(() => { … })` type-checks
  | void
  | number
  | string
  | boolean
  | readonly TensorContainer[]
  | { readonly [key: string]: TensorContainer }
  | ReadonlyMap<unknown, TensorContainer>;

/** Every tensor found in `value` (arrays, plain objects and maps are searched). */
export function tensorsIn(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (value instanceof Map) for (const v of value.values()) tensorsIn(v, out);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) tensorsIn(v, out);
  }
  return out;
}

/**
 * Runs `fn` and disposes every tensor it created, except the ones it returns (which move to the
 * enclosing scope) and kept ones. `fn` must be synchronous: for async code use `scope()`.
 *
 * @example
 * const y = tidy(() => relu(add(matmul(x, w), b))); // the matmul and add results are freed
 */
export function tidy<T extends TensorContainer>(fn: () => T): T {
  const scope = openScope();
  try {
    const result = fn();
    if ((result as unknown) instanceof Promise) {
      throw new RnnError('tidy: fn returned a Promise; use `using s = scope()` for async code');
    }
    for (const t of tensorsIn(result)) scope.escape(t);
    return result;
  } finally {
    scope.close();
  }
}

/** A scope for explicit resource management; works across `await`. */
export interface MemoryScope extends Disposable {
  /** Lets `value`'s tensors outlive this scope (they move to the enclosing scope); returns `value`. */
  keep<T extends TensorContainer>(value: T): T;
  /** Closes the scope: disposes every tensor created in it that was not kept. */
  dispose(): void;
}

/**
 * Opens a memory scope, closed by `using` at the end of the block (or by `dispose()`).
 * Scopes nest; tensors are tracked by the innermost open scope, so concurrent async tasks that
 * both create tensors should each run inside their own `tidy` or scope.
 *
 * @example
 * async function step() {
 *   using s = scope();
 *   const loss = lossOf(batch);
 *   console.log(await loss.data()); // still alive across the await
 *   return s.keep(loss);
 * }
 */
export function scope(): MemoryScope {
  const inner: Scope = openScope();
  return {
    keep<T extends TensorContainer>(value: T): T {
      for (const t of tensorsIn(value)) inner.escape(t);
      return value;
    },
    dispose: () => {
      inner.close();
    },
    [Symbol.dispose]: () => {
      inner.close();
    },
  };
}

/** Exempts tensors from every memory scope, now and later; they live until `dispose`. Returns `value`. */
export function keep<T extends TensorContainer>(value: T): T {
  for (const t of tensorsIn(value)) t.kept = true;
  return value;
}

/** Disposes every tensor in `value`. */
export function dispose(value: TensorContainer): void {
  for (const t of tensorsIn(value)) t.dispose();
}

/** Live storage handles on `backend` (default: the current backend). Flat in a leak-free loop. */
export function numHandles(backend?: Backend): number {
  const b = backend ?? state.backend;
  return b === null ? 0 : b.numHandles();
}
