import { fromArray, full, matmul, numHandles } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Heap, HeapError } from './heap.js';
import { createWasmBackend } from './index.js';

const PAGE = 65536;
const newHeap = (pages = 1, maxBytes = 64 * PAGE): { heap: Heap; memory: WebAssembly.Memory } => {
  const memory = new WebAssembly.Memory({ initial: pages });
  return { heap: new Heap(memory, 100, maxBytes), memory };
};

describe('Heap', () => {
  it('aligns every block to 64 bytes, above the base', () => {
    const { heap } = newHeap();
    const blocks = [1, 3, 64, 65, 1000].map((n) => heap.alloc(n));
    for (const b of blocks) {
      expect(b % 64).toBe(0);
      expect(b).toBeGreaterThanOrEqual(100);
    }
    expect(new Set(blocks).size).toBe(blocks.length);
  });

  it('reuses a freed block of the same size before cutting new memory', () => {
    const { heap } = newHeap();
    const a = heap.alloc(256);
    heap.alloc(256);
    const top = heap.reservedBytes;
    heap.free(a, 256);
    expect(heap.alloc(200)).toBe(a);
    expect(heap.reservedBytes).toBe(top);
  });

  it('coalesces adjacent free blocks to serve a larger request before growing', () => {
    const { heap, memory } = newHeap(1);
    const blocks = Array.from({ length: 8 }, () => heap.alloc(PAGE / 8 - 64));
    for (const b of blocks.slice(2, 6)) heap.free(b, PAGE / 8 - 64);
    const big = heap.alloc(3 * (PAGE / 8));
    expect(big).toBe(blocks[2]);
    expect(memory.buffer.byteLength).toBe(PAGE);
  });

  it('grows the memory when nothing fits, keeping the contents', () => {
    const { heap, memory } = newHeap(1);
    const a = heap.alloc(1000);
    new Uint8Array(memory.buffer, a, 1000).fill(7);
    heap.alloc(3 * PAGE);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(4 * PAGE);
    expect(new Uint8Array(memory.buffer, a, 1000).every((v) => v === 7)).toBe(true);
  });

  it('throws a HeapError naming the sizes past the limit, and stays usable', () => {
    const { heap } = newHeap(1, 4 * PAGE);
    expect(() => heap.alloc(8 * PAGE)).toThrow(HeapError);
    expect(() => heap.alloc(8 * PAGE)).toThrow(/out of memory: \d+ bytes needed, the heap's limit is 262144 bytes/);
    expect(heap.alloc(PAGE)).toBeGreaterThan(0);
  });
});

describe('the wasm backend across heap growth', () => {
  it('reads tensors made before the memory grew, and computes with them', async () => {
    const backend = await createWasmBackend({ initialMemoryBytes: PAGE });
    const a = fromArray(new Float32Array([1, 2, 3, 4]), { shape: [2, 2], backend });
    const big = full([1024, 1024], 1, { backend }); // 4 MiB: grows a 64 KiB heap many times
    const product = matmul(a, a);
    expect([...product.dataSync()]).toEqual([7, 10, 15, 22]);
    expect(big.dataSync()[1024 * 1024 - 1]).toBe(1);
    for (const t of [a, big, product]) t.dispose();
    expect(numHandles(backend)).toBe(0);
    backend.destroy();
  });

  it('a failed allocation leaves no handle behind', async () => {
    const backend = await createWasmBackend({ initialMemoryBytes: PAGE, maxMemoryBytes: 4 * PAGE });
    expect(() => full([1024, 1024], 1, { backend })).toThrow(HeapError);
    expect(numHandles(backend)).toBe(0);
    backend.destroy();
  });
});
