/**
 * The kernels module's exports, as the JS side calls them. Pointers are byte offsets into the
 * memory; booleans are 0/1.
 */

/** Kernels with the parallel signature `(args, begin, end)`; see runner.ts. */
export interface ParallelKernels {
  /** GEMM over row blocks [begin, end) of 4 rows; `args` is a GemmArgs block (assembly/gemm.ts). */
  gemmRowBlocks(args: number, begin: number, end: number): void;
  /** A layer direction's forward pass over batch entries [begin, end); `args` is a ForwardArgs block (assembly/sequence/args.ts). */
  sequenceForward(args: number, begin: number, end: number): void;
  /** Backward phase 1, the recurrence, over batch entries [begin, end); `args` is a BackwardArgs block. */
  sequenceBackward(args: number, begin: number, end: number): void;
  /** Backward phase 2, the weight gradients, over blocks of 4 gradient columns (assembly/sequence/gradients.ts). */
  sequenceWeightGradients(args: number, begin: number, end: number): void;
}

export interface KernelExports extends ParallelKernels {
  heapBase(): number;
  packedASize(m: number, k: number): number;
  packedBSize(k: number, n: number): number;
  packA(a: number, lda: number, transA: number, m: number, k: number, dst: number): void;
  packB(b: number, ldb: number, transB: number, k: number, n: number, dst: number): void;
  gemmPacked(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number, accumulate: number, tile: number): void;
  binaryF32(op: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number, rows: number, n: number): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
  /** Fused softmax cross-entropy over `rows` rows (assembly/fused/softmax-cross-entropy.ts); `ignores`, `withGradient` are 0/1. */
  softmaxCrossEntropyF32(
    logits: number,
    targets: number,
    loss: number,
    gradient: number,
    rows: number,
    classes: number,
    ignoreIndex: number,
    ignores: number,
    withGradient: number,
  ): void;
  /** One parameter's fused updates (assembly/fused/{sgd,adam,rmsprop}.ts); `flags` are their bit tables. */
  sgdF32(theta: number, grad: number, buffer: number, outTheta: number, outBuffer: number, n: number, lr: number, weightDecay: number, momentum: number, keep: number, flags: number): void;
  adamF32(
    theta: number,
    grad: number,
    avg: number,
    square: number,
    maxSquare: number,
    outTheta: number,
    outAvg: number,
    outSquare: number,
    outMaxSquare: number,
    n: number,
    weightDecay: number,
    decay: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    eps: number,
    stepSize: number,
    biasCorrection2Sqrt: number,
    flags: number,
  ): void;
  rmspropF32(
    theta: number,
    grad: number,
    square: number,
    avg: number,
    buffer: number,
    outTheta: number,
    outSquare: number,
    outAvg: number,
    outBuffer: number,
    n: number,
    lr: number,
    weightDecay: number,
    alpha: number,
    oneMinusAlpha: number,
    eps: number,
    momentum: number,
    flags: number,
  ): void;
}
