/**
 * Memory scopes. A scope remembers every tensor created while it is the innermost open scope
 * and disposes those still alive when it closes, except tensors that escape: returned from
 * `tidy`, passed to `scope.keep`, or marked with the global `keep`.
 */
import type { Tensor } from '../tensor.js';
import { state } from './state.js';

export class Scope {
  readonly tensors = new Set<Tensor>();
  closed = false;

  track(t: Tensor): void {
    this.tensors.add(t);
  }

  /** Moves `t` out of this scope into the enclosing one (or none), so closing leaves it alive. */
  escape(t: Tensor): void {
    if (!this.tensors.delete(t)) return;
    const index = state.scopes.indexOf(this);
    const parent = index > 0 ? state.scopes[index - 1] : undefined;
    parent?.track(t);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const index = state.scopes.lastIndexOf(this);
    if (index >= 0) state.scopes.splice(index, 1);
    for (const t of this.tensors) if (!t.kept) t.dispose();
    this.tensors.clear();
  }
}

export function openScope(): Scope {
  const scope = new Scope();
  state.scopes.push(scope);
  return scope;
}

/** Registers a new tensor with the innermost scope, if any. */
export function trackTensor(t: Tensor): void {
  state.scopes[state.scopes.length - 1]?.track(t);
}
