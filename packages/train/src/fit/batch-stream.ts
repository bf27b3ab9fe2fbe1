/** Turning any `BatchSource` into one stream of batches that knows its epoch. */
import type { BatchSource } from './types.js';

/** The next batch, or `undefined` once the source is done. */
export interface BatchStream<B> {
  next(): B | undefined;
  /** Completed passes over an iterable source (always 0 for a sampler). */
  readonly epoch: number;
}

function isSampler<B>(source: BatchSource<B>): source is { next(): B } {
  return typeof source === 'object' && !(Symbol.iterator in source) && typeof source.next === 'function';
}

/**
 * A sampler is drawn from forever; an iterable is walked `epochs` times (a function is called
 * once per epoch for a fresh iterable). A pass that yields nothing ends the stream rather than
 * spinning through empty epochs.
 */
export function batchStream<B>(source: BatchSource<B>, epochs: number): BatchStream<B> {
  if (isSampler(source)) return { next: () => source.next(), epoch: 0 };
  const iterable = typeof source === 'function' ? source : () => source;
  let epoch = 0;
  let iterator: Iterator<B> | undefined;
  let yieldedThisEpoch = false;
  return {
    get epoch() {
      return epoch;
    },
    next() {
      while (epoch < epochs) {
        iterator ??= iterable()[Symbol.iterator]();
        const item = iterator.next();
        if (item.done !== true) {
          yieldedThisEpoch = true;
          return item.value;
        }
        iterator = undefined;
        epoch++;
        if (!yieldedThisEpoch) return undefined;
        yieldedThisEpoch = false;
      }
      return undefined;
    },
  };
}
