/**
 * Hands each worker event to the handlers registered for its type, typed by that type, so each
 * panel subscribes to what it shows and nothing switches over every event in one place.
 */
import type { WorkerEvent, WorkerEventType } from '../protocol/messages.js';

export type EventOf<K extends WorkerEventType> = Extract<WorkerEvent, { readonly type: K }>;

export class EventRouter {
  private readonly handlers = new Map<WorkerEventType, ((event: WorkerEvent) => void)[]>();

  on<K extends WorkerEventType>(type: K, handler: (event: EventOf<K>) => void): void {
    const handlers = this.handlers.get(type) ?? [];
    handlers.push(handler as (event: WorkerEvent) => void);
    this.handlers.set(type, handlers);
  }

  dispatch(event: WorkerEvent): void {
    for (const handler of this.handlers.get(event.type) ?? []) handler(event);
  }
}
