import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../protocol/messages.js';
import { EventRouter } from './event-router.js';

describe('EventRouter', () => {
  it('hands an event to every handler of its type, in the order registered, and to no other', () => {
    const router = new EventRouter();
    const seen: string[] = [];
    router.on('sample-token', (event) => seen.push(`first ${event.text}`));
    router.on('sample-token', (event) => seen.push(`second ${event.text}`));
    router.on('sample-end', () => {
      seen.push('end');
    });
    router.dispatch({ type: 'sample-token', text: 'a' });
    expect(seen).toEqual(['first a', 'second a']);
  });

  it('ignores events nobody listens to', () => {
    const event: WorkerEvent = { type: 'status', state: 'running' };
    expect(() => {
      new EventRouter().dispatch(event);
    }).not.toThrow();
  });
});
