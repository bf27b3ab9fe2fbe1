import { describe, expect, it } from 'vitest';
import { oncePerFrame } from './frame-scheduler.js';

describe('oncePerFrame', () => {
  it('draws once per frame however many times it is asked', () => {
    const frames: (() => void)[] = [];
    let draws = 0;
    const request = oncePerFrame(() => draws++, (callback) => frames.push(callback));
    request();
    request();
    request();
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(draws).toBe(1);
    request();
    expect(frames).toHaveLength(1);
  });
});
