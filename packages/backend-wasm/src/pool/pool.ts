/**
 * The worker-thread pool: a `KernelRunner` whose jobs run on the calling thread and `threads − 1`
 * workers, each with its own instance of the module on the one shared memory.
 *
 * A job: the caller writes the kernel, the args pointer and every worker's slice into the
 * control block (layout.ts), sets the pending count, bumps the generation and wakes the workers;
 * it runs slice 0 itself, then waits for the pending count to reach 0 — spinning briefly, then
 * with `Atomics.wait` where the thread may block (Node, workers) and by spinning on a browser's
 * main thread. A trap on any thread becomes a WasmThreadError on the caller once every slice is
 * done; the pool stays usable (a trap unwinds the kernel's call and the module holds no state).
 *
 * Growth of the heap needs nothing here: every instance sees the one memory, and the control
 * block lies below the length the memory had at start, where a view of the old buffer stays valid.
 */
import type { KernelExports } from '../exports.js';
import type { Heap } from '../heap.js';
import { splitRange, type KernelRunner, type ParallelKernel } from '../runner.js';
import { callerCanBlock, startWorkers, type PoolWorker } from './environment.js';
import { WasmThreadError } from './error.js';
import { ARGS, controlBytes, FAILED, GENERATION, KERNEL, MESSAGE, MESSAGE_CHARS, PENDING, SLICES, STOP } from './layout.js';

/** Polls of the pending count before the caller sleeps: a balanced job's slices end close together (see worker-source.ts on longer spins). */
const SPIN = 2_000;

export interface ThreadPoolParts {
  readonly module: WebAssembly.Module;
  /** A shared memory: the module's, already instantiated on it for the calling thread. */
  readonly memory: WebAssembly.Memory;
  /** The calling thread's instance. */
  readonly kernels: KernelExports;
  /** Where the control block is allocated (once, for the pool's lifetime). */
  readonly heap: Heap;
  /** Threads, the calling one included (≥ 2). */
  readonly threads: number;
}

/** Starts `threads − 1` workers and resolves when every one has instantiated the module. */
export async function createThreadPool({ module, memory, kernels, heap, threads }: ThreadPoolParts): Promise<KernelRunner> {
  const bytes = controlBytes(threads);
  const control = heap.alloc(bytes);
  const words = new Int32Array(memory.buffer, control, bytes / 4);
  words.fill(0);
  try {
    const workers = await startWorkers(Array.from({ length: threads - 1 }, (_, i) => ({ module, memory, control, id: i + 1 })));
    return new ThreadPool(threads, kernels, module, words, workers);
  } catch (cause) {
    heap.free(control, bytes);
    throw cause;
  }
}

class ThreadPool implements KernelRunner {
  private closed = false;
  /** A kernel's index among the module's function exports: how workers, with their own instances, find it. */
  private readonly kernelIndex: ReadonlyMap<string, number>;
  private readonly canBlock = callerCanBlock();

  constructor(
    readonly threads: number,
    private readonly kernels: KernelExports,
    module: WebAssembly.Module,
    private readonly control: Int32Array,
    private readonly workers: readonly PoolWorker[],
  ) {
    const functions = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function');
    this.kernelIndex = new Map(functions.map((e, i) => [e.name, i]));
  }

  run(kernel: ParallelKernel, args: number, count: number, grain = 1): void {
    if (this.closed) throw new WasmThreadError(`wasm backend: ${kernel} called after the thread pool was closed`, kernel);
    const slices = splitRange(count, this.threads, grain);
    if (slices.length === 0) return;
    const [begin, end] = slices[0]!;
    if (slices.length === 1) {
      this.kernels[kernel](args, begin, end);
      return;
    }
    const c = this.control;
    for (let id = 1; id < this.threads; id++) {
      const [b, e] = slices[id] ?? [0, 0];
      c[SLICES + 2 * id] = b;
      c[SLICES + 2 * id + 1] = e;
    }
    c[KERNEL] = this.kernelIndex.get(kernel)!;
    c[ARGS] = args;
    Atomics.store(c, PENDING, this.threads - 1);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
    let own: Error | null = null;
    try {
      this.kernels[kernel](args, begin, end);
    } catch (error) {
      own = error as Error;
    }
    this.waitForWorkers();
    const failed = Atomics.exchange(c, FAILED, 0);
    if (own !== null) throw new WasmThreadError(`wasm backend: ${kernel} failed on the calling thread (items [${begin}, ${end}) of ${count}): ${String(own)}`, kernel, { cause: own });
    if (failed !== 0) {
      const [b, e] = slices[failed]!;
      throw new WasmThreadError(`wasm backend: ${kernel} failed on worker ${failed} (items [${b}, ${e}) of ${count}): ${this.message()}`, kernel);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Let the workers leave their loop first, then stop them whatever they are doing.
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) worker.terminate();
  }

  private waitForWorkers(): void {
    const c = this.control;
    for (let spin = 0; spin < SPIN; spin++) if (Atomics.load(c, PENDING) === 0) return;
    for (let pending = Atomics.load(c, PENDING); pending !== 0; pending = Atomics.load(c, PENDING)) {
      if (this.canBlock) Atomics.wait(c, PENDING, pending);
    }
  }

  private message(): string {
    let text = '';
    for (let i = 0; i < MESSAGE_CHARS && this.control[MESSAGE + i] !== 0; i++) text += String.fromCharCode(this.control[MESSAGE + i]!);
    return text;
  }
}
