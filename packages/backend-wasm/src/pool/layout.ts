/**
 * The control block: i32 words in the shared wasm memory through which the calling thread hands
 * a job to the workers. Words that different threads write sit on different 64-byte cache lines,
 * so a worker polling the generation does not slow the others' decrements of the pending count.
 *
 *   line 0  [0] generation (bumped once per job; workers wait on it)  [1] stop  [2] kernel (its index
 *           among the module's function exports, which every instance lists alike)  [3] args pointer
 *   line 1  [16] pending (workers still running; the caller waits on it)  [17] failed (first failing worker's id, 0: none)
 *   [32, 32 + MESSAGE_CHARS)  the failing worker's error message, one UTF-16 unit per word
 *   [SLICES + 2·id, SLICES + 2·id + 1]  worker id's slice [begin, end) (ids 1…threads−1; the caller is 0)
 */
export const GENERATION = 0;
export const STOP = 1;
export const KERNEL = 2;
export const ARGS = 3;
export const PENDING = 16;
export const FAILED = 17;
export const MESSAGE = 32;
export const MESSAGE_CHARS = 160;
export const SLICES = MESSAGE + MESSAGE_CHARS;

/** Bytes of the control block for a pool of `threads` (the caller included). */
export const controlBytes = (threads: number): number => (SLICES + 2 * threads) * 4;
