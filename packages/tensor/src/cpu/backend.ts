/**
 * The cpu backend: pure TypeScript over typed arrays, float32 and float64. It is the fallback
 * everywhere and, in float64, the oracle every other backend is tested against.
 */
import type { Backend, DType, Handle, Shape, TensorSpec, TypedArray } from '../backend/types.js';
import { RnnError } from '../errors.js';
import { sizeOf } from '../shape.js';
import { allocate, asBuffer, asHandle, CpuBuffer } from './buffer.js';
import { batchedMatmul } from './kernels/batched-matmul.js';
import { binaryKernel } from './kernels/binary.js';
import { castKernel } from './kernels/cast.js';
import { compareKernel } from './kernels/compare.js';
import { concatKernel } from './kernels/concat.js';
import { gatherKernel, scatterAddKernel } from './kernels/gather.js';
import type { FloatArray } from './kernels/matmul.js';
import { optimizerStepKernel } from './kernels/optimizer/index.js';
import { permuteKernel } from './kernels/permute.js';
import { randomKernel } from './kernels/random.js';
import { argReduceKernel, reduceKernel } from './kernels/reduce.js';
import { reverseKernel } from './kernels/reverse.js';
import { rnnSequenceBackwardKernel, rnnSequenceKernel, supportsSequence } from './kernels/sequence/index.js';
import { sliceKernel } from './kernels/slice.js';
import { softmaxCrossEntropyKernel } from './kernels/softmax-cross-entropy.js';
import { unaryKernel } from './kernels/unary.js';
import { whereKernel } from './kernels/where.js';

export type CpuBackend = Backend;

/**
 * Creates a cpu backend. Nothing is registered globally: pass it to `setBackend` or to ops.
 *
 * @example
 * import { createCpuBackend, setBackend } from '@rnn/tensor';
 * setBackend(createCpuBackend());
 */
export function createCpuBackend(): CpuBackend {
  let live = 0;
  let destroyed = false;

  const data = (spec: TensorSpec): TypedArray => asBuffer(spec.handle).data;
  const make = (array: TypedArray): Handle => {
    if (destroyed) throw new RnnError('cpu backend: used after destroy()');
    live++;
    return asHandle(new CpuBuffer(array));
  };
  const output = (dtype: DType, shape: Shape): TypedArray => allocate(dtype, sizeOf(shape));

  const backend: CpuBackend = {
    name: 'cpu',
    caps: { syncRead: true, float64: true },

    write(values, shape, dtype) {
      const array = allocate(dtype, sizeOf(shape));
      if (dtype === 'bool') for (let i = 0; i < array.length; i++) array[i] = values[i] ? 1 : 0;
      else array.set(values);
      return make(array);
    },
    read: (spec) => Promise.resolve(data(spec).slice()),
    readSync: (spec) => data(spec).slice(),
    readMany: (specs) => Promise.resolve(specs.map((s) => data(s).slice())),
    incRef(handle) {
      asBuffer(handle).refs++;
    },
    dispose(handle) {
      const buffer = asBuffer(handle);
      if (buffer.refs <= 0) return;
      if (--buffer.refs === 0) live--;
    },
    numHandles: () => live,
    destroy() {
      destroyed = true;
      live = 0;
    },

    unary(op, x) {
      const out = output(x.dtype, x.shape);
      unaryKernel(op, data(x), out);
      return make(out);
    },
    binary(op, a, b, outShape) {
      const out = output(a.dtype, outShape);
      binaryKernel(op, data(a), a.shape, data(b), b.shape, out, outShape);
      return make(out);
    },
    compare(op, a, b, outShape) {
      const out = allocate('bool', sizeOf(outShape));
      compareKernel(op, data(a), a.shape, data(b), b.shape, out, outShape);
      return make(out);
    },
    where(cond, a, b, outShape) {
      const out = output(a.dtype, outShape);
      whereKernel(data(cond) as Uint8Array, cond.shape, data(a), a.shape, data(b), b.shape, out, outShape);
      return make(out);
    },
    cast(x, dtype) {
      const out = output(dtype, x.shape);
      castKernel(data(x), dtype, out);
      return make(out);
    },

    reduce(op, x, axes) {
      const out = output(x.dtype, x.shape.filter((_, i) => !axes.includes(i)));
      reduceKernel(op, data(x), x.shape, axes, out);
      return make(out);
    },
    argReduce(op, x, axis) {
      const out = allocate('int32', sizeOf(x.shape.filter((_, i) => i !== axis)));
      argReduceKernel(op, data(x), x.shape, axis, out);
      return make(out);
    },

    matmul(a, b, transposeA, transposeB, outShape) {
      const out = output(a.dtype, outShape);
      batchedMatmul(data(a) as FloatArray, a.shape, transposeA, data(b) as FloatArray, b.shape, transposeB, out as FloatArray, outShape);
      return make(out);
    },

    permute(x, perm) {
      const out = output(x.dtype, x.shape);
      permuteKernel(data(x), x.shape, perm, out);
      return make(out);
    },
    slice(x, begin, size) {
      const out = output(x.dtype, size);
      sliceKernel(data(x), x.shape, begin, size, out);
      return make(out);
    },
    concat(xs, axis) {
      const shape = [...xs[0]!.shape];
      shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
      const out = output(xs[0]!.dtype, shape);
      concatKernel(xs.map(data), xs.map((x) => x.shape), axis, out);
      return make(out);
    },
    reverse(x, axes) {
      const out = output(x.dtype, x.shape);
      reverseKernel(data(x), x.shape, axes, out);
      return make(out);
    },
    gather(x, indices, axis) {
      const out = output(x.dtype, [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)]);
      gatherKernel(data(x), x.shape, data(indices) as Int32Array, axis, out);
      return make(out);
    },
    scatterAdd(indices, updates, axis, outShape) {
      const out = output(updates.dtype, outShape);
      scatterAddKernel(data(indices) as Int32Array, data(updates), outShape, axis, out);
      return make(out);
    },

    fill(shape, value, dtype) {
      const out = output(dtype, shape);
      out.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
      return make(out);
    },
    random(spec, shape, dtype) {
      const out = output(dtype, shape);
      randomKernel(spec, out);
      return make(out);
    },

    supportsSequence,
    rnnSequence: (spec, x, weights, initialState) => rnnSequenceKernel(spec, x, weights, initialState, { data, make }),
    rnnSequenceBackward: (spec, saved, dOutput, dState) => rnnSequenceBackwardKernel(spec, saved, dOutput, dState, { data, make }),

    softmaxCrossEntropy(logits, targets, ignoreIndex, withGradient) {
      const loss = output(logits.dtype, [targets.shape[0]!]);
      const gradient = withGradient ? output(logits.dtype, logits.shape) : null;
      softmaxCrossEntropyKernel(data(logits) as FloatArray, data(targets) as Int32Array, logits.shape[1]!, ignoreIndex, loss as FloatArray, gradient as FloatArray | null);
      return { loss: make(loss), gradient: gradient === null ? null : make(gradient) };
    },
    optimizerStep: (spec, params, grads, slots) => optimizerStepKernel(spec, params, grads, slots, { data, make }),
  };
  return backend;
}
