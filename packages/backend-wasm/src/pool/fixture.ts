/**
 * For the pool's tests and measurements: the threads build instantiated on a shared memory, its
 * heap, and a pool over them — the parts createWasmBackend assembles, with the runner in reach.
 */
import type { KernelExports } from '../exports.js';
import { probeFeatures } from '../features.js';
import { Heap } from '../heap.js';
import { chooseVariant, compileKernels, instantiateKernels } from '../loader.js';
import type { KernelRunner } from '../runner.js';
import { createThreadPool } from './pool.js';

export interface PoolFixture {
  readonly kernels: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly heap: Heap;
  readonly pool: KernelRunner;
}

const MIB = 1 << 20;

export async function poolFixture(threads: number, { initialBytes = 16 * MIB, maxBytes = 256 * MIB } = {}): Promise<PoolFixture> {
  const module = await compileKernels(undefined, chooseVariant(probeFeatures(), true));
  const { exports: kernels, memory } = await instantiateKernels(module, initialBytes);
  const heap = new Heap(memory, kernels.heapBase(), maxBytes);
  const pool = await createThreadPool({ module, memory, kernels, heap, threads });
  return { kernels, memory, heap, pool };
}

/** The words of a gemmRowBlocks parameter block (assembly/gemm.ts). */
export interface GemmArgs {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly packedA: number;
  readonly packedB: number;
  readonly c: number;
  readonly accumulate: boolean;
  readonly tiles: number;
}

/** Writes a gemmRowBlocks parameter block into the heap and returns its address. */
export function gemmArgs(f: PoolFixture, a: GemmArgs): number {
  const at = f.heap.alloc(36);
  new Int32Array(f.memory.buffer, at, 9).set([a.m, a.n, a.k, a.packedA, a.packedB, a.c, a.n, a.accumulate ? 1 : 0, a.tiles]);
  return at;
}

/**
 * Allocates and packs random m×k and k×n operands and an m×n output; returns the parameter
 * block of C = A·B (or C += A·B).
 */
export function randomGemm(f: PoolFixture, m: number, n: number, k: number, accumulate = false, seed = 1): number {
  const { kernels, heap, memory } = f;
  const a = heap.alloc(m * k * 4);
  const b = heap.alloc(k * n * 4);
  let state = seed;
  const next = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  new Float32Array(memory.buffer, a, m * k).set(Float32Array.from({ length: m * k }, next));
  new Float32Array(memory.buffer, b, k * n).set(Float32Array.from({ length: k * n }, next));
  const packedA = heap.alloc(kernels.packedASize(m, k) * 4);
  const packedB = heap.alloc(kernels.packedBSize(k, n) * 4);
  kernels.packA(a, k, 0, m, k, packedA);
  kernels.packB(b, n, 0, k, n, packedB);
  const c = heap.alloc(m * n * 4);
  new Float32Array(memory.buffer, c, m * n).fill(0);
  const tiles = heap.alloc(Math.ceil(m / 4) * 32 * 4);
  return gemmArgs(f, { m, n, k, packedA, packedB, c, accumulate, tiles });
}

/** The output C of a gemmRowBlocks parameter block, copied. */
export function gemmOutput(f: PoolFixture, args: number): Float32Array {
  const [m, n, , , , c] = new Int32Array(f.memory.buffer, args, 9);
  return new Float32Array(f.memory.buffer, c, m! * n!).slice();
}
