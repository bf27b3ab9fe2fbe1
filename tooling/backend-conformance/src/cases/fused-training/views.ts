/**
 * Views of a backend for the fused-training checks. `composedView` hides the optional fused
 * training kernels, so the core takes its composed path on the same storage; `countingView`
 * counts their calls, so a check knows the fused path really ran. Proxies, as in
 * counting-backend.ts: every other member is the backend's own, methods bound to it, so
 * handles and `numHandles` are shared with the backend.
 */
import type { Backend } from '@rnn/tensor';

type Method = (...args: unknown[]) => unknown;

function proxy(backend: Backend, own: Readonly<Record<string, unknown>>): Backend {
  // The target inherits from the backend (so `in` sees its members) and is not the backend itself,
  // whose frozen own properties would pin what the trap may return.
  return new Proxy(Object.create(backend) as Backend, {
    get(_target, key) {
      if (typeof key === 'string' && Object.hasOwn(own, key)) return own[key];
      const value: unknown = Reflect.get(backend, key, backend);
      return typeof value === 'function' ? (value as Method).bind(backend) : value;
    },
  });
}

/** `backend` without softmaxCrossEntropy and optimizerStep (and their `supports…`). */
export const composedView = (backend: Backend): Backend =>
  proxy(backend, { softmaxCrossEntropy: undefined, supportsSoftmaxCrossEntropy: undefined, optimizerStep: undefined, supportsOptimizerStep: undefined });

export interface TrainingCalls {
  softmaxCrossEntropy: number;
  optimizerStep: number;
}

/** `backend` with its fused training kernels counted (absent ones stay absent). */
export function countingView(backend: Backend): { backend: Backend; calls: TrainingCalls } {
  const calls: TrainingCalls = { softmaxCrossEntropy: 0, optimizerStep: 0 };
  const counted = (name: keyof TrainingCalls): Method | undefined => {
    const kernel: unknown = Reflect.get(backend, name, backend);
    if (typeof kernel !== 'function') return undefined;
    return (...args) => {
      calls[name]++;
      return (kernel as Method).apply(backend, args);
    };
  };
  return { backend: proxy(backend, { softmaxCrossEntropy: counted('softmaxCrossEntropy'), optimizerStep: counted('optimizerStep') }), calls };
}
