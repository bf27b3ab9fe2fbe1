/**
 * What differs between Node and browsers: how workers start, whether the calling thread may
 * block, how many cores there are. Node builtins are imported through a specifier in a variable,
 * as in loader.ts, so browser bundlers leave them alone.
 */
import type * as NodeOs from 'node:os';
import type * as NodeWorkers from 'node:worker_threads';
import { workerSource, type WorkerInit, type WorkerReply } from './worker-source.js';

export const isNode = (): boolean => typeof process !== 'undefined' && typeof (process.versions as Partial<NodeJS.ProcessVersions> | undefined)?.node === 'string';

/**
 * Whether `Atomics.wait` is allowed here: in Node (its main thread included) and in any worker,
 * not on a browser's main thread, where it throws.
 */
export const callerCanBlock = (): boolean => isNode() || (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== undefined;

export async function coreCount(): Promise<number> {
  if (isNode()) {
    const osModule = 'node:os';
    const os = (await import(/* @vite-ignore */ osModule)) as typeof NodeOs;
    return os.availableParallelism();
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

export interface PoolWorker {
  terminate(): void;
}

interface Starting {
  readonly worker: PoolWorker;
  readonly ready: Promise<void>;
}

const settle = (resolve: () => void, reject: (e: Error) => void) => (reply: WorkerReply) => {
  if (reply.error === null) resolve();
  else reject(new Error(reply.error));
};

function startNodeWorker(threads: typeof NodeWorkers, source: string, init: WorkerInit): Starting {
  // No execArgv: the worker needs none of the parent's flags, and loaders (--import tsx, APM hooks) would only slow its start.
  const worker = new threads.Worker(source, { eval: true, execArgv: [] });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', settle(resolve, reject));
    worker.once('error', reject);
    worker.once('exit', (code) => { reject(new Error(`the worker exited with code ${code}`)); });
  });
  worker.postMessage(init);
  // A worker only works while the caller is blocked in `run`, so it never needs to keep the
  // process alive: a backend that is never destroyed does not stop Node from exiting.
  return { worker: { terminate: () => void worker.terminate() }, ready: ready.then(() => { worker.unref(); }) };
}

function startBrowserWorker(url: string, init: WorkerInit): Starting {
  const worker = new Worker(url);
  const ready = new Promise<void>((resolve, reject) => {
    const done = settle(resolve, reject);
    worker.onmessage = (event: MessageEvent<WorkerReply>) => { done(event.data); };
    worker.onerror = (event) => {
      reject(new Error(event.message || 'the worker did not start (does a Content-Security-Policy forbid blob: workers?)'));
    };
  });
  worker.postMessage(init);
  return { worker: { terminate: () => { worker.terminate(); } }, ready };
}

/** Starts a worker per init and resolves when every one is ready; on any failure stops them all and rejects. */
export async function startWorkers(inits: readonly WorkerInit[]): Promise<PoolWorker[]> {
  const starting: Starting[] = [];
  let url: string | null = null;
  try {
    if (isNode()) {
      const threadsModule = 'node:worker_threads';
      const threads = (await import(/* @vite-ignore */ threadsModule)) as typeof NodeWorkers;
      const source = workerSource('node');
      for (const init of inits) starting.push(startNodeWorker(threads, source, init));
    } else {
      url = URL.createObjectURL(new Blob([workerSource('browser')], { type: 'text/javascript' }));
      for (const init of inits) starting.push(startBrowserWorker(url, init));
    }
    // Settle every start before judging, so a failed pool leaves no rejection unhandled.
    const failure = (await Promise.allSettled(starting.map((s) => s.ready))).find((r) => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return starting.map((s) => s.worker);
  } catch (error) {
    for (const s of starting) s.worker.terminate();
    throw error;
  } finally {
    if (url !== null) URL.revokeObjectURL(url);
  }
}
