/**
 * The kernels' parameter blocks: i32 words in the order of the unmanaged classes in
 * assembly/sequence/args.ts (SequenceArgs, then ForwardArgs' or BackwardArgs' own fields), which
 * documents each word. Pointers are byte offsets (written modulo 2³², as the kernel reads them
 * as usize); 0 is "absent".
 */

const SEQUENCE_FIELDS = [
  'family', 'steps', 'batch', 'inputSize', 'hidden', 'outputSize', 'reverse', 'cifg', 'lengths',
  'inputWeights', 'recurrentWeights', 'candidateWeights', 'projectionWeights',
  'peepholeInput', 'peepholeForget', 'peepholeOutput',
  'gates', 'previousH', 'previousC', 'extra',
  'packed', 'packedStride', 'tile',
] as const;

export const FORWARD_FIELDS = [
  ...SEQUENCE_FIELDS,
  'x', 'output', 'h0', 'c0', 'h', 'c', 'bias', 'candidateBias', 'projected', 'recurrent', 'aux', 'auxOut',
] as const;

export const BACKWARD_FIELDS = [
  ...SEQUENCE_FIELDS,
  'dOutput', 'dhFinal', 'dcFinal', 'dh', 'dc', 'dx', 'dGates', 'dCandidate', 'dProjected', 'cellOutputs', 'dhNext', 'stepGates', 'aux',
  'dGatesStride', 'dCandidateStride', 'dProjectedStride',
] as const;

export type Args<Fields extends readonly string[]> = Readonly<Record<Fields[number], number>>;

/** The words both directions of the kernel share (SequenceArgs). */
export type SequenceHeader = Args<typeof SEQUENCE_FIELDS>;

/** Writes `values` into `words` in the order of `fields`. */
export function writeArgs<Fields extends readonly string[]>(words: Int32Array, fields: Fields, values: Args<Fields>): void {
  fields.forEach((field, i) => {
    words[i] = values[field as Fields[number]];
  });
}

/** Phase 2 task kinds (assembly/sequence/gradients.ts has the same table). */
export const TASK = { product: 0, columnSums: 1, productSums: 2 } as const;

/**
 * One sum over all T·B rows: PRODUCT out[n, k] = Gᵀ·A, COLUMN_SUMS out[n] = Σ G, PRODUCT_SUMS
 * out[n] = Σ G ⊙ A. G and A are row-major planes (pointer and row stride in floats).
 */
export interface GradientTask {
  readonly kind: (typeof TASK)[keyof typeof TASK];
  readonly n: number;
  readonly g: number;
  readonly ldg: number;
  readonly a: number;
  readonly lda: number;
  readonly k: number;
  readonly out: number;
}

export const TASK_WORDS = 8;
export const TASK_HEADER_WORDS = 2;

/** The phase 2 block: task count, rows, then each task's 8 words. */
export function writeTasks(words: Int32Array, rows: number, tasks: readonly GradientTask[]): void {
  words[0] = tasks.length;
  words[1] = rows;
  tasks.forEach((t, i) => {
    words.set([t.kind, t.n, t.g, t.ldg, t.a, t.lda, t.k, t.out], TASK_HEADER_WORDS + i * TASK_WORDS);
  });
}

/** Work items of phase 2: each task's columns of G in blocks of 4. */
export const taskItems = (tasks: readonly GradientTask[]): number => tasks.reduce((n, t) => n + Math.ceil(t.n / 4), 0);
