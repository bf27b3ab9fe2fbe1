/** Evaluation over a fixed set in chunks, so a large test set never holds every activation at once. */
import { tidy, type Tensor } from '@rnn/tensor';

/**
 * Σ of `sumOf(start, count)` over consecutive chunks of `total` items, divided by `total`: a mean
 * over the whole set whatever the chunk size. Each chunk's scalar is read back and freed.
 */
export function chunkedMean(total: number, chunkSize: number, sumOf: (start: number, count: number) => Tensor): number {
  let sum = 0;
  for (let start = 0; start < total; start += chunkSize) {
    const count = Math.min(chunkSize, total - start);
    const chunk = tidy(() => sumOf(start, count));
    sum += chunk.itemSync();
    chunk.dispose();
  }
  return sum / total;
}
