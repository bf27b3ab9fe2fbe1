/**
 * The workers' code, as a string built into the bundle. Why a string: the pool needs no second
 * file to locate at run time — `new Worker(new URL('./worker.js', import.meta.url))` is
 * understood by Vite and webpack but not by esbuild, tsup or a CommonJS build — so it survives
 * any bundler. Node starts it with `new Worker(source, { eval: true })`, browsers from a Blob URL
 * (a page whose Content-Security-Policy restricts workers must allow `worker-src blob:`). A
 * literal rather than `someFunction.toString()`, because minifiers, coverage instrumenters and
 * esbuild's keepNames rewrite function bodies with references to module scope.
 *
 * A worker instantiates the module on the shared memory, reports ready, then loops: spin
 * briefly, then sleep on the generation word; run its slice of the job; decrement the pending
 * count and wake the caller when it was the last. A kernel that throws (a trap) is recorded in
 * the control block and still counted, so the caller never hangs.
 */
import { ARGS, FAILED, GENERATION, KERNEL, MESSAGE, MESSAGE_CHARS, PENDING, SLICES, STOP } from './layout.js';

/**
 * Polls of the generation word before a worker sleeps: a few µs, enough for a job that follows
 * at once (a batch of GEMMs). Longer spins were measured on the 2-core development machine: a
 * ~2 ms spin took a stream of 128×256·256×256 matmuls from 1.4× to 1.7× on an idle machine, but
 * made it 2–4× slower than one thread whenever other processes wanted the cores — a spinning
 * worker takes the core that the caller, or anyone else, needs. Sleeping costs ~10 µs a job.
 */
const SPIN = 2_000;

const PRELUDE = {
  // getBuiltinModule, not require: the source is CommonJS or an ES module depending on flags such as --input-type.
  node: `const { parentPort } = process.getBuiltinModule('node:worker_threads');
const listen = (f) => parentPort.once('message', f);
const reply = (m) => parentPort.postMessage(m);`,
  browser: `const listen = (f) => { self.onmessage = (e) => { self.onmessage = null; f(e.data); }; };
const reply = (m) => self.postMessage(m);`,
};

const BODY = `
listen(async ({ module, memory, control, id }) => {
  let kernels;
  try {
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    kernels = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => instance.exports[e.name]);
  } catch (error) {
    reply({ error: String(error) });
    return;
  }
  const ctl = new Int32Array(memory.buffer, control, ${SLICES} + 2 * (id + 1));
  let seen = Atomics.load(ctl, ${GENERATION});
  reply({ error: null });
  for (;;) {
    for (let spin = 0; spin < ${SPIN} && Atomics.load(ctl, ${GENERATION}) === seen; spin++);
    while (Atomics.load(ctl, ${GENERATION}) === seen) Atomics.wait(ctl, ${GENERATION}, seen);
    seen = Atomics.load(ctl, ${GENERATION});
    if (Atomics.load(ctl, ${STOP}) !== 0) return;
    const begin = ctl[${SLICES} + 2 * id];
    const end = ctl[${SLICES} + 2 * id + 1];
    if (end > begin) {
      try {
        kernels[ctl[${KERNEL}]](ctl[${ARGS}], begin, end);
      } catch (error) {
        if (Atomics.compareExchange(ctl, ${FAILED}, 0, id) === 0) {
          const text = String(error);
          for (let i = 0; i < ${MESSAGE_CHARS}; i++) ctl[${MESSAGE} + i] = i < text.length ? text.charCodeAt(i) : 0;
        }
      }
    }
    if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
  }
});
`;

/** What a worker is sent at start: the compiled module, the shared memory, the control block's byte offset, its id (≥ 1). */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: number;
  readonly id: number;
}

/** A worker's one reply: null once it is ready, or why it could not start. */
export interface WorkerReply {
  readonly error: string | null;
}

export const workerSource = (host: keyof typeof PRELUDE): string => PRELUDE[host] + BODY;
