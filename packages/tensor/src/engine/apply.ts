/**
 * Runs a primitive: checks its inputs, calls the backend, wraps the outputs as tensors in the
 * current scope, and records the call on the active tape.
 */
import type { Backend } from '../backend/types.js';
import { BackendMismatchError, HandleLeakError, NoBackendError, NonFiniteError } from '../errors.js';
import type { Primitive } from '../primitives/primitive.js';
import { Tensor } from '../tensor.js';
import { state } from './state.js';

/** The backend all `inputs` live on (or the current one when there are none). */
export function backendOf(op: string, inputs: readonly Tensor[], explicit?: Backend): Backend {
  for (const t of inputs) t.assertAlive(op);
  const first = inputs[0];
  const backend = explicit ?? first?.backend ?? state.backend;
  if (backend === null) throw new NoBackendError(op);
  for (const t of inputs) {
    if (t.backend !== backend) throw new BackendMismatchError(op, [backend.name, t.backend.name]);
  }
  return backend;
}

export function applyPrimitive<A>(
  p: Primitive<A>,
  inputs: readonly Tensor[],
  attrs: A,
  explicitBackend?: Backend,
): Tensor[] {
  const label = opLabel(p, attrs);
  const backend = backendOf(label, inputs, explicitBackend);
  const before = state.debug ? backend.numHandles() : 0;
  state.kernelDepth++;
  let specs;
  try {
    specs = p.forward(backend, inputs, attrs);
  } finally {
    state.kernelDepth--;
  }
  if (state.debug) checkKernel(label, backend, before, specs.length);
  const outputs = specs.map((s) => new Tensor(s.handle, s.shape, s.dtype, backend));
  if (state.debug) for (const t of outputs) assertFiniteSync(label, t);
  const tape = state.tapes[state.tapes.length - 1];
  if (tape !== undefined && state.kernelDepth === 0) tape.record(p, attrs, inputs, outputs);
  return outputs;
}

/** The name errors use: the kernel's own op (`log`, `matmul`…) where it has one. */
function opLabel<A>(p: Primitive<A>, attrs: A): string {
  const op = (attrs as { op?: unknown } | null)?.op;
  return typeof op === 'string' ? op : p.name;
}

/** Single-output convenience. */
export function apply1<A>(p: Primitive<A>, inputs: readonly Tensor[], attrs: A, backend?: Backend): Tensor {
  return applyPrimitive(p, inputs, attrs, backend)[0]!;
}

function checkKernel(op: string, backend: Backend, before: number, outputs: number): void {
  const after = backend.numHandles();
  // Aliasing kernels (reshape) return an existing handle with a new reference: no new storage.
  if (after !== before + outputs && after !== before) throw new HandleLeakError(op, outputs, after - before);
}

function assertFiniteSync(op: string, t: Tensor): void {
  if ((t.dtype !== 'float32' && t.dtype !== 'float64') || !t.backend.caps.syncRead) return;
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) throw new NonFiniteError(op, i, v);
  }
}
