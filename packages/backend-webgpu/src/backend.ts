/**
 * The WebGPU backend: tensors in pooled GPU buffers, every kernel in WGSL, commands batched into
 * one encoder per submit, reads asynchronous only.
 */
import type { Backend, Handle, TensorSpec, TypedArray } from '@rnn/tensor/backend';
import { asHandle, asTensor, type GpuTensor } from './core/buffer.js';
import { GpuContext } from './core/context.js';
import { Transfers } from './core/transfer.js';
import { argReduce, reduce } from './kernels/reduce.js';
import { binary, cast, compare, unary, where } from './kernels/elementwise.js';
import { fill } from './kernels/fill.js';
import { matmul } from './kernels/matmul.js';
import { concat, gather, permute, reverse, scatterAdd, slice } from './kernels/movement.js';
import { random } from './kernels/random.js';
import { sequenceKernels } from './kernels/sequence/index.js';
import { optimizerStep, supportsOptimizerStep } from './kernels/training/optimizer-step.js';
import { softmaxCrossEntropy } from './kernels/training/softmax-cross-entropy.js';

/** What the backend runs on, for messages and benchmark tables. */
export interface WebGpuBackendInfo {
  /** The adapter's vendor, architecture, device and description (empty strings where hidden). */
  readonly adapter: { readonly vendor: string; readonly architecture: string; readonly device: string; readonly description: string };
  /** Whether float16 compute (f32 accumulation) is on. */
  readonly shaderF16: boolean;
}

/** Counters for tests and profiling. */
export interface WebGpuStats {
  readonly submits: number;
  readonly dispatches: number;
  readonly pipelines: number;
  /** Storage buffers created so far: flat across the steps of a training loop once its pool is warm. */
  readonly buffersCreated: number;
  /** Bytes of buffers held by live tensors, and of freed buffers kept for reuse. */
  readonly liveBytes: number;
  readonly pooledBytes: number;
}

export interface WebGpuBackend extends Backend {
  readonly info: WebGpuBackendInfo;
  /** The device the kernels run on (for interop, e.g. sharing buffers with a renderer). */
  readonly device: GPUDevice;
  stats(): WebGpuStats;
  /** Submits every command encoded so far (reads do this themselves). */
  flush(): void;
}

export interface WebGpuBackendParts {
  readonly device: GPUDevice;
  readonly adapterInfo: GPUAdapterInfo | null;
  /** Destroy the device in `destroy()` (false when the caller passed it in). */
  readonly ownsDevice: boolean;
  /** Held until `destroy()`; see gpu.ts. */
  readonly keepAlive: unknown;
  readonly shaderF16: boolean;
  readonly maxPooledBytes: number;
}

export function assembleWebGpuBackend(parts: WebGpuBackendParts): WebGpuBackend {
  const { device, adapterInfo, ownsDevice, shaderF16, maxPooledBytes } = parts;
  // The strong reference that keeps Dawn's navigator alive (see gpu.ts); dropped in destroy().
  let keepAlive = parts.keepAlive;
  const ctx = new GpuContext(device, { shaderF16, maxPooledBytes });
  const transfers = new Transfers(ctx);
  const sequences = sequenceKernels(ctx);
  const op =
    <A extends unknown[]>(name: string, kernel: (...args: A) => GpuTensor) =>
    (...args: A): Handle =>
      asHandle(ctx.run(name, () => kernel(...args)));
  const read = (specs: readonly TensorSpec[]): Promise<TypedArray[]> => transfers.readMany(specs);

  const backend: WebGpuBackend = {
    name: 'webgpu',
    caps: { syncRead: false, float64: false },
    info: {
      adapter: {
        vendor: adapterInfo?.vendor ?? '',
        architecture: adapterInfo?.architecture ?? '',
        device: adapterInfo?.device ?? '',
        description: adapterInfo?.description ?? '',
      },
      shaderF16,
    },
    device,
    stats: () => ({ ...ctx.stream.stats, pipelines: ctx.pipelines.size, buffersCreated: ctx.pool.created, liveBytes: ctx.pool.bytes.live, pooledBytes: ctx.pool.bytes.pooled }),
    flush: () => {
      ctx.run('flush', () => {
        ctx.stream.submit();
      });
    },

    write: (values, shape, dtype) => asHandle(transfers.write(values, shape, dtype)),
    read: async (spec) => (await read([spec]))[0]!,
    readMany: read,
    incRef(handle) {
      asTensor(handle).refs++;
    },
    dispose(handle) {
      ctx.release(asTensor(handle));
    },
    numHandles: () => ctx.numLive,
    destroy() {
      if (keepAlive === undefined) return;
      transfers.destroy();
      ctx.destroy();
      if (ownsDevice) device.destroy();
      keepAlive = undefined;
    },

    unary: op('unary', (o, x) => unary(ctx, o, x)),
    binary: op('binary', (o, a, b, outShape) => binary(ctx, o, a, b, outShape)),
    compare: op('compare', (o, a, b, outShape) => compare(ctx, o, a, b, outShape)),
    where: op('where', (c, a, b, outShape) => where(ctx, c, a, b, outShape)),
    cast: op('cast', (x, dtype) => cast(ctx, x, dtype)),
    reduce: op('reduce', (o, x, axes) => reduce(ctx, o, x, axes)),
    argReduce: op('argReduce', (o, x, axis) => argReduce(ctx, o, x, axis)),
    matmul: op('matmul', (a, b, ta, tb, outShape) => matmul(ctx, a, b, ta, tb, outShape)),
    permute: op('permute', (x, perm) => permute(ctx, x, perm)),
    slice: op('slice', (x, begin, size) => slice(ctx, x, begin, size)),
    concat: op('concat', (xs, axis) => concat(ctx, xs, axis)),
    reverse: op('reverse', (x, axes) => reverse(ctx, x, axes)),
    gather: op('gather', (x, indices, axis) => gather(ctx, x, indices, axis)),
    scatterAdd: op('scatterAdd', (indices, updates, axis, outShape) => scatterAdd(ctx, indices, updates, axis, outShape)),
    fill: op('fill', (shape, value, dtype) => fill(ctx, shape.reduce((n, d) => n * d, 1), value, dtype)),
    random: op('random', (spec, shape, dtype) => random(ctx, spec, shape, dtype)),

    supportsSequence: (spec) => sequences.supports(spec),
    rnnSequence: (spec, x, weights, initialState) => ctx.run('rnnSequence', () => sequences.forward(spec, x, weights, initialState)),
    rnnSequenceBackward: (spec, saved, dOutput, dState) => ctx.run('rnnSequenceBackward', () => sequences.backward(spec, saved, dOutput, dState)),

    supportsSoftmaxCrossEntropy: (dtype) => dtype === 'float32',
    softmaxCrossEntropy: (logits, targets, ignoreIndex, withGradient) =>
      ctx.run('softmaxCrossEntropy', () => {
        const { loss, gradient } = softmaxCrossEntropy(ctx, logits, targets, ignoreIndex, withGradient);
        return { loss: asHandle(loss), gradient: gradient === null ? null : asHandle(gradient) };
      }),
    supportsOptimizerStep: (spec) => supportsOptimizerStep(spec),
    optimizerStep: (spec, params, grads, slots) =>
      ctx.run('optimizerStep', () => {
        const result = optimizerStep(ctx, spec, params, grads, slots);
        return { params: result.params.map(asHandle), slots: result.slots.map((s) => s.map(asHandle)) };
      }),
  };
  return backend;
}
