/**
 * The page's end of the training worker: typed commands out, typed events in. Training, data and
 * every model computation run in the worker, so the page stays responsive whatever is training.
 */
import type { Command, WorkerEventType } from '../protocol/messages.js';
import type { Settings } from '../settings.js';
import { EventRouter, type EventOf } from './event-router.js';

export class WorkerClient {
  private readonly worker: Worker;
  private readonly events = new EventRouter();

  /** @param onBroken told when the worker itself fails (its script did not load, a message could not be read) */
  constructor(onBroken: (message: string) => void) {
    this.worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
    this.worker.addEventListener('message', (event: MessageEvent) => {
      this.events.dispatch(event.data as EventOf<WorkerEventType>);
    });
    this.worker.addEventListener('error', (event) => {
      onBroken(`The training worker failed: ${event.message || 'its script could not be loaded'}.`);
    });
    this.worker.addEventListener('messageerror', () => {
      onBroken('A message from the training worker could not be read.');
    });
  }

  on<K extends WorkerEventType>(type: K, handler: (event: EventOf<K>) => void): void {
    this.events.on(type, handler);
  }

  send(command: Command): void {
    // A checkpoint's bytes move to the worker instead of being copied.
    this.worker.postMessage(command, command.type === 'load' ? [command.bytes.buffer as ArrayBuffer] : []);
  }

  /** A fresh model for `settings`; the worker finds `wasm/` and `data/` beside this page. */
  configure(settings: Settings): void {
    this.send({ type: 'configure', settings, assets: new URL('./', location.href).href });
  }
}
