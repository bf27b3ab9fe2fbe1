/**
 * The wasm backend: tensors in the wasm heap, the hot kernels (GEMM, the fused sequence
 * kernels) in AssemblyScript SIMD, and the remaining ops as @rnn/tensor's reference kernels
 * running on views of the heap — no copies in either case.
 */
import type { Backend, DType, Handle, Shape, TensorSpec, TypedArray } from '@rnn/tensor/backend';
import {
  argReduceKernel,
  batchedMatmul,
  binaryKernel,
  castKernel,
  compareKernel,
  concatKernel,
  gatherKernel,
  permuteKernel,
  randomKernel,
  reduceKernel,
  reverseKernel,
  scatterAddKernel,
  sizeOf,
  sliceKernel,
  unaryKernel,
  whereKernel,
  type FloatArray,
} from '@rnn/tensor/kernels';
import type { KernelExports } from './exports.js';
import type { WasmFeatures } from './features.js';
import type { WasmVariant } from './loader.js';
import { simdBinary, simdUnary } from './elementwise.js';
import { optimizerStep, supportsOptimizerStep } from './fused/optimizer-step.js';
import { softmaxCrossEntropy, supportsSoftmaxCrossEntropy } from './fused/softmax-cross-entropy.js';
import { gemmMatmul } from './matmul.js';
import { sequenceKernels } from './sequence/index.js';
import type { KernelRunner } from './runner.js';
import { asBuffer, asHandle, type WasmBuffer, type WasmStorage } from './storage.js';

/** What the backend runs on, for messages and benchmark tables. */
export interface WasmBackendInfo {
  /** The build in use: `simd`, `relaxed` (relaxed SIMD), and `.threads` for the shared-memory builds. */
  readonly variant: WasmVariant;
  /** Threads kernels may use (1: the calling thread only). */
  readonly threads: number;
  readonly features: WasmFeatures;
  /** Why fewer threads run than were asked for, or null. */
  readonly note: string | null;
}

export interface WasmBackend extends Backend {
  readonly info: WasmBackendInfo;
  /** Bytes the heap has reserved (live tensors plus blocks cached for reuse). */
  reservedBytes(): number;
}

export interface WasmBackendParts {
  readonly kernels: KernelExports;
  readonly runner: KernelRunner;
  readonly storage: WasmStorage;
  readonly info: WasmBackendInfo;
  readonly release: () => void;
}

export function assembleWasmBackend({ kernels, runner, storage, info, release }: WasmBackendParts): WasmBackend {
  let destroyed = false;
  const check = (): void => {
    if (destroyed) throw new Error('wasm backend: used after destroy()');
  };
  const buf = (spec: TensorSpec): WasmBuffer => asBuffer(spec.handle);
  const view = (spec: TensorSpec): TypedArray => storage.view(buf(spec));
  /** Allocates the output, then runs `fill` on a fresh view of it (inputs are viewed inside `fill`). */
  const run = (dtype: DType, shape: Shape, fill: (out: TypedArray, buffer: WasmBuffer) => void): Handle => {
    check();
    const out = storage.allocate(dtype, sizeOf(shape));
    try {
      fill(storage.view(out), out);
    } catch (error) {
      storage.release(out);
      throw error;
    }
    return asHandle(out);
  };
  const sequences = sequenceKernels(kernels, runner, storage);

  const backend: WasmBackend = {
    name: 'wasm',
    caps: { syncRead: true, float64: true },
    info,
    reservedBytes: () => storage.heap.reservedBytes,

    write(values, shape, dtype) {
      return run(dtype, shape, (out) => {
        if (dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = values[i] ? 1 : 0;
        else out.set(values);
      });
    },
    read: (spec) => Promise.resolve(view(spec).slice()),
    readSync: (spec) => view(spec).slice(),
    readMany: (specs) => Promise.resolve(specs.map((s) => view(s).slice())),
    incRef(handle) {
      asBuffer(handle).refs++;
    },
    dispose(handle) {
      const buffer = asBuffer(handle);
      if (buffer.refs <= 0 || destroyed) return;
      if (--buffer.refs === 0) storage.release(buffer);
    },
    numHandles: () => (destroyed ? 0 : storage.numLive),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      runner.close();
      release();
    },

    unary: (op, x) =>
      run(x.dtype, x.shape, (out, buffer) => {
        if (!simdUnary(kernels, op, x, buffer)) unaryKernel(op, view(x), out);
      }),
    binary: (op, a, b, outShape) =>
      run(a.dtype, outShape, (out, buffer) => {
        if (!simdBinary(kernels, op, a, b, buffer, outShape)) binaryKernel(op, view(a), a.shape, view(b), b.shape, out, outShape);
      }),
    compare: (op, a, b, outShape) => run('bool', outShape, (out) => { compareKernel(op, view(a), a.shape, view(b), b.shape, out as Uint8Array, outShape); }),
    where: (cond, a, b, outShape) =>
      run(a.dtype, outShape, (out) => { whereKernel(view(cond) as Uint8Array, cond.shape, view(a), a.shape, view(b), b.shape, out, outShape); }),
    cast: (x, dtype) => run(dtype, x.shape, (out) => { castKernel(view(x), dtype, out); }),

    reduce: (op, x, axes) => run(x.dtype, x.shape.filter((_, i) => !axes.includes(i)), (out) => { reduceKernel(op, view(x), x.shape, axes, out); }),
    argReduce: (op, x, axis) =>
      run('int32', x.shape.filter((_, i) => i !== axis), (out) => { argReduceKernel(op, view(x), x.shape, axis, out as Int32Array); }),

    matmul: (a, b, transposeA, transposeB, outShape) =>
      run(a.dtype, outShape, (out, buffer) => {
        const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
        if (a.dtype !== 'float32' || k === 0) {
          batchedMatmul(view(a) as FloatArray, a.shape, transposeA, view(b) as FloatArray, b.shape, transposeB, out as FloatArray, outShape);
          return;
        }
        gemmMatmul(kernels, runner, storage, a, b, transposeA, transposeB, buffer, outShape);
      }),

    permute: (x, perm) => run(x.dtype, perm.map((p) => x.shape[p]!), (out) => { permuteKernel(view(x), x.shape, perm, out); }),
    slice: (x, begin, size) => run(x.dtype, size, (out) => { sliceKernel(view(x), x.shape, begin, size, out); }),
    concat(xs, axis) {
      const shape = [...xs[0]!.shape];
      shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
      return run(xs[0]!.dtype, shape, (out) => { concatKernel(xs.map(view), xs.map((x) => x.shape), axis, out); });
    },
    reverse: (x, axes) => run(x.dtype, x.shape, (out) => { reverseKernel(view(x), x.shape, axes, out); }),
    gather: (x, indices, axis) =>
      run(x.dtype, [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], (out) => { gatherKernel(view(x), x.shape, view(indices) as Int32Array, axis, out); },
      ),
    scatterAdd: (indices, updates, axis, outShape) =>
      run(updates.dtype, outShape, (out) => {
        out.fill(0);
        scatterAddKernel(view(indices) as Int32Array, view(updates), outShape, axis, out);
      }),

    fill: (shape, value, dtype) => run(dtype, shape, (out) => out.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value)),
    random: (spec, shape, dtype) => run(dtype, shape, (out) => { randomKernel(spec, out); }),

    supportsSequence: (spec) => sequences.supportsSequence(spec),
    rnnSequence(spec, x, weights, initialState) {
      check();
      return sequences.forward(spec, x, weights, initialState);
    },
    rnnSequenceBackward(spec, saved, dOutput, dState) {
      check();
      return sequences.backward(spec, saved, dOutput, dState);
    },

    supportsSoftmaxCrossEntropy,
    softmaxCrossEntropy(logits, targets, ignoreIndex, withGradient) {
      check();
      return softmaxCrossEntropy(kernels, storage, logits, targets, ignoreIndex, withGradient);
    },
    supportsOptimizerStep,
    optimizerStep(spec, params, grads, slots) {
      check();
      return optimizerStep(kernels, storage, spec, params, grads, slots);
    },
  };
  return backend;
}
