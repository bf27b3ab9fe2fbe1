/**
 * For the sequence kernels' tests and measurements: the parts createWasmBackend assembles, with
 * every call into the module and every runner job recorded, the packed-weight cache in reach, and
 * a backend over them.
 */
import { assembleWasmBackend, type WasmBackend } from '../backend.js';
import type { KernelExports } from '../exports.js';
import { probeFeatures } from '../features.js';
import { Heap } from '../heap.js';
import { chooseVariant, compileKernels, instantiateKernels } from '../loader.js';
import { serialRunner, type KernelRunner, type ParallelKernel } from '../runner.js';
import { WasmStorage } from '../storage.js';
import { sequenceKernels, type SequenceKernels } from './index.js';

export interface SequenceFixture {
  readonly storage: WasmStorage;
  /** The fused kernels' JS side, on the same storage as `backend` but with its own packed-weight cache. */
  readonly sequences: SequenceKernels;
  readonly backend: WasmBackend;
  /** Every export called, in order (runner jobs included, as the serial runner calls the export). */
  readonly calls: string[];
  /** Every runner job. */
  readonly jobs: { kernel: ParallelKernel; count: number }[];
}

const MIB = 1 << 20;

export async function sequenceFixture(): Promise<SequenceFixture> {
  const features = probeFeatures();
  const module = await compileKernels(undefined, chooseVariant(features, false));
  const { exports, memory } = await instantiateKernels(module, 16 * MIB);
  const calls: string[] = [];
  const jobs: { kernel: ParallelKernel; count: number }[] = [];
  // The exports object is frozen: a copy whose functions record their calls.
  const kernels = Object.fromEntries(
    Object.entries(exports).map(([key, value]) => [
      key,
      (...args: number[]) => {
        calls.push(key);
        return (value as (...a: number[]) => number)(...args);
      },
    ]),
  ) as unknown as KernelExports;
  const inner = serialRunner(kernels);
  const recorded: KernelRunner = {
    threads: inner.threads,
    run(kernel, args, count, grain) {
      jobs.push({ kernel, count });
      inner.run(kernel, args, count, grain);
    },
    close: () => {
      inner.close();
    },
  };
  const storage = new WasmStorage(memory, new Heap(memory, exports.heapBase(), 1024 * MIB));
  const backend = assembleWasmBackend({
    kernels,
    runner: recorded,
    storage,
    info: { variant: chooseVariant(features, false), threads: inner.threads, features, note: null },
    release: () => undefined,
  });
  return { storage, sequences: sequenceKernels(kernels, recorded, storage), backend, calls, jobs };
}
