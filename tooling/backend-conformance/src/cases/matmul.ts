/**
 * Matrix products: every transpose combination, batched with broadcast batch dims, 1-D
 * operands, zero-size dims (K = 0 gives zeros), and shapes that cross typical block and tile
 * sizes (so edge tiles and remainders are exercised).
 */
import { matmul, type Shape } from '@rnn/tensor';
import { intsInput, uniformInput, type Case, type CaseGroup } from '../case.js';

const flags = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

const tag = (tA: boolean, tB: boolean): string => (tA && tB ? 'AᵀBᵀ' : tA ? 'AᵀB' : tB ? 'ABᵀ' : 'AB');

/** Operand shapes for an [...batchA, M, K] × [...batchB, K, N] product under the transposes. */
function operands(batchA: Shape, batchB: Shape, m: number, k: number, n: number, tA: boolean, tB: boolean): [Shape, Shape] {
  return [
    [...batchA, ...(tA ? [k, m] : [m, k])],
    [...batchB, ...(tB ? [n, k] : [k, n])],
  ];
}

interface Config {
  readonly name: string;
  readonly batchA: Shape;
  readonly batchB: Shape;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly toleranceScale?: number;
}

const configs: readonly Config[] = [
  { name: '3×4·4×5', batchA: [], batchB: [], m: 3, k: 4, n: 5 },
  { name: '1×1·1×1', batchA: [], batchB: [], m: 1, k: 1, n: 1 },
  { name: 'batched [2]', batchA: [2], batchB: [2], m: 3, k: 4, n: 2 },
  { name: 'batch broadcast [2,1]·[3]', batchA: [2, 1], batchB: [3], m: 2, k: 3, n: 2 },
  { name: 'batch broadcast []·[2]', batchA: [], batchB: [2], m: 3, k: 2, n: 4 },
  { name: 'batch broadcast [3]·[]', batchA: [3], batchB: [], m: 2, k: 3, n: 3 },
  { name: 'batch broadcast [1,2]·[2,1]', batchA: [1, 2], batchB: [2, 1], m: 2, k: 2, n: 3 },
  { name: 'K = 0', batchA: [], batchB: [], m: 3, k: 0, n: 4 },
  { name: 'M = 0', batchA: [], batchB: [], m: 0, k: 3, n: 4 },
  { name: 'N = 0', batchA: [2], batchB: [2], m: 3, k: 3, n: 0 },
  { name: 'empty batch', batchA: [0], batchB: [1], m: 2, k: 3, n: 2 },
  { name: '67×130·130×129 (crosses block sizes)', batchA: [], batchB: [], m: 67, k: 130, n: 129, toleranceScale: 4 },
  { name: '1×257·257×1 (long dot product)', batchA: [], batchB: [], m: 1, k: 257, n: 1, toleranceScale: 4 },
  // Its gradients are dot products of length 129 and 130: float32 accumulation needs the same room as the long ones.
  { name: '129×1·1×130 (outer product)', batchA: [], batchB: [], m: 129, k: 1, n: 130, toleranceScale: 4 },
  { name: 'batched 3×[33×65·65×17]', batchA: [3], batchB: [], m: 33, k: 65, n: 17, toleranceScale: 2 },
];

const productCases: Case[] = configs.flatMap((cfg) =>
  flags.map(([tA, tB]): Case => {
    const [sa, sb] = operands(cfg.batchA, cfg.batchB, cfg.m, cfg.k, cfg.n, tA, tB);
    return {
      name: `matmul ${cfg.name} ${tag(tA, tB)}`,
      inputs: [uniformInput(sa), uniformInput(sb)],
      op: (a, b) => matmul(a, b, { transposeA: tA, transposeB: tB }),
      differentiable: true,
      ...(cfg.toleranceScale === undefined ? {} : { toleranceScale: cfg.toleranceScale }),
    };
  }),
);

const vectorCases: Case[] = [
  { name: 'matmul vector·matrix [4]·[4,5]', inputs: [uniformInput([4]), uniformInput([4, 5])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul matrix·vector [3,4]·[4]', inputs: [uniformInput([3, 4]), uniformInput([4])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul vector·vector [4]·[4] (rank 0)', inputs: [uniformInput([4]), uniformInput([4])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul vector·batched [3]·[2,3,4]', inputs: [uniformInput([3]), uniformInput([2, 3, 4])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul batched·vector [2,3,4]·[4]', inputs: [uniformInput([2, 3, 4]), uniformInput([4])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul matrixᵀ·vector [4,3]ᵀ·[4]', inputs: [uniformInput([4, 3]), uniformInput([4])], op: (a, b) => matmul(a, b, { transposeA: true }), differentiable: true },
  { name: 'matmul vector·matrixᵀ [4]·[5,4]ᵀ', inputs: [uniformInput([4]), uniformInput([5, 4])], op: (a, b) => matmul(a, b, { transposeB: true }), differentiable: true },
  { name: 'matmul empty vectors [0]·[0]', inputs: [uniformInput([0]), uniformInput([0])], op: (a, b) => matmul(a, b), differentiable: true },
];

const otherCases: Case[] = [
  { name: 'matmul int32 stays int32', inputs: [intsInput([1, -2, 3, 4, 0, -6], [2, 3]), intsInput([2, 1, 0, -1, 5, 3], [3, 2])], op: (a, b) => matmul(a, b), differentiable: false },
  { name: 'matmul int32 with float promotes', inputs: [intsInput([1, -2, 3, 4, 0, -6], [2, 3]), uniformInput([3, 2])], op: (a, b) => matmul(a, b), differentiable: true },
  { name: 'matmul with the same tensor on both sides (x·xᵀ)', inputs: [uniformInput([3, 4])], op: (x) => matmul(x, x, { transposeB: true }), differentiable: true },
  { name: 'matmul chain (A·B)·C', inputs: [uniformInput([2, 3]), uniformInput([3, 4]), uniformInput([4, 2])], op: (a, b, c) => matmul(matmul(a, b), c), composite: true, differentiable: true },
];

export const matmulGroup: CaseGroup = { name: 'matmul', cases: [...productCases, ...vectorCases, ...otherCases] };
