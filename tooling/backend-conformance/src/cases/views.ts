/**
 * "Non-contiguous views": ops fed with the results of permute/slice/transpose/reshape of bigger
 * tensors. Kernels receive dense buffers, but a backend that implements movement lazily
 * (strides, offsets) must still give every consumer the right elements.
 */
import {
  add,
  concat,
  exp,
  gather,
  matmul,
  max,
  mul,
  permute,
  reshape,
  reverse,
  slice,
  softmax,
  sum,
  tanh,
  transpose,
  where,
  greater,
  argmax,
  cast,
  pad,
} from '@rnn/tensor';
import { intsInput, uniformInput, type Case, type CaseGroup } from '../case.js';

const viewCases: Case[] = [
  {
    name: 'add(permute, slice) of bigger tensors',
    inputs: [uniformInput([3, 4, 5]), uniformInput([7, 3, 6])],
    op: (a, b) => add(permute(a, [2, 0, 1]), slice(b, [1, 0, 1], [5, 3, 4])),
    differentiable: true,
  },
  {
    name: 'matmul(transpose, slice)',
    inputs: [uniformInput([5, 3]), uniformInput([6, 7])],
    op: (a, b) => matmul(transpose(a), slice(b, [1, 2], [5, 4])),
    differentiable: true,
  },
  {
    name: 'matmul with transpose flags on permuted batches',
    inputs: [uniformInput([4, 2, 3]), uniformInput([2, 5, 4])],
    op: (a, b) => matmul(permute(a, [1, 0, 2]), b, { transposeA: true, transposeB: true }),
    differentiable: true,
  },
  {
    name: 'reductions of a slice of a permute',
    inputs: [uniformInput([4, 5, 6])],
    op: (x) => {
      const v = slice(permute(x, [1, 2, 0]), [1, 1, 1], [3, 4, 2]);
      return [sum(v, 1), max(v, [0, 2]), sum(v)];
    },
    differentiable: true,
  },
  { name: 'unary of a transpose', inputs: [uniformInput([3, 7])], op: (x) => [exp(transpose(x)), tanh(transpose(x))], differentiable: true },
  {
    name: 'softmax over a transposed axis',
    inputs: [uniformInput([5, 3], -3, 3)],
    op: (x) => softmax(transpose(x), -1),
    differentiable: true,
  },
  {
    name: 'where on views',
    inputs: [uniformInput([4, 6]), uniformInput([6, 4])],
    op: (a, b) => {
      const bt = transpose(b);
      const a2 = slice(a, [0, 0], [4, 6]);
      return where(greater(a2, bt), mul(a2, 2), bt);
    },
    differentiable: true,
  },
  {
    name: 'gather from a permuted table with reshaped indices',
    inputs: [uniformInput([3, 5]), intsInput([4, 0, 2, 2, 1, 3])],
    op: (t, i) => gather(permute(t, [1, 0]), reshape(i, [2, 3])),
    differentiable: true,
  },
  {
    name: 'concat of slices and a reversed slice',
    inputs: [uniformInput([6, 4])],
    op: (x) => concat([slice(x, [0, 1], [2, 3]), reverse(slice(x, [3, 0], [3, 3]), 0), slice(x, [-1, -3])]),
    differentiable: true,
  },
  {
    name: 'reshape of a transpose (forces a copy) then matmul',
    inputs: [uniformInput([2, 3, 4]), uniformInput([4, 3])],
    op: (a, w) => matmul(reshape(permute(a, [0, 2, 1]), [8, 3]), transpose(w)),
    differentiable: true,
  },
  {
    name: 'pad of a strided slice, argmax of a permute, cast of a transpose',
    inputs: [uniformInput([5, 5])],
    op: (x) => [pad(slice(x, [1, 1], [3, 2]), [[1, 1], [2, 0]]), argmax(permute(x, [1, 0]), 1), cast(transpose(x), 'int32')],
    differentiable: false,
  },
  {
    name: 'a tensor used plainly and through a view in one expression',
    inputs: [uniformInput([4, 4])],
    op: (x) => add(mul(x, transpose(x)), slice(reverse(x, [0, 1]), [0, 0])),
    differentiable: true,
  },
];

// Every case here chains ops (the views are intermediates), so each runs in tidy.
export const viewsGroup: CaseGroup = { name: 'non-contiguous views', cases: viewCases.map((c) => ({ ...c, composite: true })) };
