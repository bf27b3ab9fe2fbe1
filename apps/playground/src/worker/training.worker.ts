/**
 * The training worker's entry. The page creates it with
 * `new Worker(new URL('./worker/training.worker.ts', import.meta.url), { type: 'module' })`,
 * posts `Command`s and listens for `WorkerEvent`s (protocol/messages.ts).
 */
import type { WorkerEvent } from '../protocol/messages.js';
import { createBrowserBackend } from './backends.js';
import { Session } from './session.js';

const session = new Session({
  post: (event: WorkerEvent, transfer: Transferable[] = []) => {
    // The DOM typings see `self` as a window; a worker's postMessage takes the same options form.
    self.postMessage(event, { transfer });
  },
  createBackend: createBrowserBackend,
});

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Every failure becomes an `error` event inside the session; nothing is left to reject here.
  void session.handleMessage(event.data);
});
