/**
 * A view of the backend under test that counts calls of its fused sequence kernels, so the
 * `sequence` group can tell that the fused path really ran (and that the composed one did not
 * call them). It is a Proxy that forwards every other member to the backend, methods bound to
 * it, so storage is shared (a handle made through the view is the backend's handle,
 * `numHandles` counts both) and class-based backends with private state work as well as plain
 * objects. Tensors made on the view live on the view (`t.backend === view`), so a run that
 * starts from them stays on it.
 */
import type { Backend } from '@rnn/tensor';
import type { FusedSequenceOps, SequenceSpec } from '@rnn/tensor/backend';

export interface SequenceCalls {
  /** `rnnSequence` calls, with the spec each received. */
  readonly forward: SequenceSpec[];
  /** `rnnSequenceBackward` calls, with the spec each received. */
  readonly backward: SequenceSpec[];
}

export interface CountingBackend {
  /** The view to create tensors on. */
  readonly backend: Backend;
  /** Calls so far. */
  readonly calls: SequenceCalls;
}

type Method = (...args: unknown[]) => unknown;

export function countSequenceCalls(backend: Backend): CountingBackend {
  const calls = { forward: [] as SequenceSpec[], backward: [] as SequenceSpec[] };
  const forward: FusedSequenceOps['rnnSequence'] = (spec, ...rest) => {
    calls.forward.push(spec);
    return backend.rnnSequence!(spec, ...rest);
  };
  const backward: FusedSequenceOps['rnnSequenceBackward'] = (spec, ...rest) => {
    calls.backward.push(spec);
    return backend.rnnSequenceBackward!(spec, ...rest);
  };
  // The target is an empty object inheriting from the backend (so `in` sees its members), not the
  // backend itself: a frozen backend's own properties would bind the trap to return them as is.
  const view = new Proxy(Object.create(backend) as Backend, {
    get(_target, key) {
      // Absent kernels stay absent: the core must see exactly what the backend declares.
      if (key === 'rnnSequence') return backend.rnnSequence === undefined ? undefined : forward;
      if (key === 'rnnSequenceBackward') return backend.rnnSequenceBackward === undefined ? undefined : backward;
      const value: unknown = Reflect.get(backend, key, backend);
      // Methods run on the backend itself, so private state (class fields) and storage are its own.
      return typeof value === 'function' ? (value as Method).bind(backend) : value;
    },
  });
  return { backend: view, calls };
}
