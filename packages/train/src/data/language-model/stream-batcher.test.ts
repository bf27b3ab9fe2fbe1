import { ArgumentError, createCpuBackend, dispose, numHandles, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { StreamBatcher } from './stream-batcher.js';

setBackend(createCpuBackend());

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** The next window as plain arrays, its tensors disposed. */
function take(batcher: StreamBatcher): { x: number[][]; y: number[][]; reset: boolean } {
  const { x, y, reset } = batcher.next();
  const window = { x: x.arraySync() as number[][], y: y.arraySync() as number[][], reset };
  dispose([x, y]);
  return window;
}

describe('StreamBatcher', () => {
  // 23 ids, 2 streams: streamLength 11 (id 22 dropped), streams 0…10 and 11…21.
  const ids = range(23);

  it('cuts the ids into batchSize contiguous streams, as batchify', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 4, batchSize: 2 });
    expect(batcher.streamLength).toBe(11);
    expect(batcher.windowsPerPass).toBe(3);
    const { x, y, reset } = take(batcher);
    expect(x).toEqual([[0, 11], [1, 12], [2, 13], [3, 14]]);
    expect(y).toEqual([[1, 12], [2, 13], [3, 14], [4, 15]]);
    expect(reset).toBe(true);
  });

  it('returns consecutive windows, the last one of a pass shorter, as get_batch', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 4, batchSize: 2 });
    take(batcher);
    const second = take(batcher);
    expect(second.x).toEqual([[4, 15], [5, 16], [6, 17], [7, 18]]);
    expect(second.reset).toBe(false);
    const last = take(batcher);
    expect(last.x).toEqual([[8, 19], [9, 20]]);
    expect(last.y).toEqual([[9, 20], [10, 21]]);
  });

  it('wraps to the start after a pass and asks for a state reset', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 4, batchSize: 2 });
    const first = take(batcher);
    take(batcher);
    expect(batcher.epoch).toBe(0);
    take(batcher);
    expect(batcher.epoch).toBe(1);
    expect(batcher.position).toBe(0);
    expect(take(batcher)).toEqual(first);
  });

  it('resumes from getState() with the window that came next', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 3, batchSize: 2 });
    take(batcher);
    const state = JSON.parse(JSON.stringify(batcher.getState())) as ReturnType<StreamBatcher['getState']>;
    expect(state).toEqual({ position: 3, epoch: 0 });
    const expected = [take(batcher), take(batcher), take(batcher), take(batcher)];
    const resumed = new StreamBatcher(ids, { seqLen: 3, batchSize: 2 });
    resumed.setState(state);
    expect([take(resumed), take(resumed), take(resumed), take(resumed)]).toEqual(expected);
    expect(resumed.epoch).toBe(batcher.epoch);
  });

  it('rejects a state that does not fit its streams', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 3, batchSize: 2 });
    expect(() => {
      batcher.setState({ position: 10, epoch: 0 });
    }).toThrow(/position must be an integer in \[0, 10\) for streams of 11 tokens, got 10/);
    expect(() => {
      batcher.setState({ position: 0, epoch: -1 });
    }).toThrow(ArgumentError);
  });

  it('needs at least two tokens per stream', () => {
    expect(() => new StreamBatcher(range(7), { seqLen: 3, batchSize: 4 })).toThrow(
      'StreamBatcher: ids holds 7 tokens, too few for 4 streams of at least 2 tokens (an input and its target): need 8',
    );
  });

  it('leaves no tensors behind once the caller disposes the windows', () => {
    const batcher = new StreamBatcher(ids, { seqLen: 4, batchSize: 2 });
    const before = numHandles();
    for (let i = 0; i < 7; i++) dispose(batcher.next());
    expect(numHandles()).toBe(before);
  });
});
