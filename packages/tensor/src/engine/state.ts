/**
 * The engine's global state: the current backend, the stack of memory scopes, the active
 * gradient tapes and the debug switch. One module-level object, so every part of the core reads
 * the same state without import cycles.
 */
import type { Backend } from '../backend/types.js';
import type { Tape } from '../autograd/tape.js';
import type { Scope } from './scope.js';

export interface EngineState {
  backend: Backend | null;
  /** Innermost last. Tensors made while a scope is open are disposed when it closes. */
  readonly scopes: Scope[];
  /** Innermost last; only the innermost tape records. */
  readonly tapes: Tape[];
  /** > 0 while a primitive's forward runs: ops it calls internally are not taped. */
  kernelDepth: number;
  debug: boolean;
  nextTensorId: number;
}

export const state: EngineState = {
  backend: null,
  scopes: [],
  tapes: [],
  kernelDepth: 0,
  debug: false,
  nextTensorId: 0,
};
