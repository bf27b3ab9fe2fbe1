/** Indexing by int32 tensors: gather (1-D and n-D indices), scatterAdd (accumulating), oneHot. */
import { gather, oneHot, scatterAdd } from '@rnn/tensor';
import { intsInput, uniformInput, type Case, type CaseGroup } from '../case.js';

const gatherCases: Case[] = [
  { name: 'gather 1-D indices along axis 0 (an embedding lookup)', inputs: [uniformInput([5, 3]), intsInput([4, 0, 2])], op: (x, i) => gather(x, i), differentiable: true },
  { name: 'gather repeated indices (gradients accumulate)', inputs: [uniformInput([4, 3]), intsInput([1, 1, 3, 1, 0])], op: (x, i) => gather(x, i, 0), differentiable: true },
  { name: 'gather along axis 1 and -1', inputs: [uniformInput([2, 5, 3]), intsInput([4, 0, 4]), intsInput([2, 0])], op: (x, i, j) => [gather(x, i, 1), gather(x, j, -1)], differentiable: true },
  { name: 'gather 2-D indices along axis 0', inputs: [uniformInput([6, 2]), intsInput([0, 5, 3, 3, 1, 0], [2, 3])], op: (x, i) => gather(x, i), differentiable: true },
  { name: 'gather 2-D indices along axis 1', inputs: [uniformInput([2, 4, 3]), intsInput([3, 0, 1, 1], [2, 2])], op: (x, i) => gather(x, i, 1), differentiable: true },
  { name: 'gather rank-0 index', inputs: [uniformInput([4, 3]), intsInput([2], [])], op: (x, i) => gather(x, i), differentiable: true },
  { name: 'gather no indices', inputs: [uniformInput([4, 3]), intsInput([], [0])], op: (x, i) => gather(x, i, 1), differentiable: true },
  { name: 'gather from a rank-1 table', inputs: [uniformInput([7]), intsInput([6, 0, 3, 3], [2, 2])], op: (x, i) => gather(x, i), differentiable: true },
  { name: 'gather int32 values', inputs: [intsInput([10, 20, 30, 40]), intsInput([3, 0, 0])], op: (x, i) => gather(x, i), differentiable: false },
];

const scatterCases: Case[] = [
  {
    name: 'scatterAdd repeated indices accumulate',
    inputs: [intsInput([0, 2, 0, 1, 2, 0]), uniformInput([6, 3])],
    op: (i, u) => scatterAdd(i, u, 0, [4, 3]),
    differentiable: true,
  },
  { name: 'scatterAdd along axis 1', inputs: [intsInput([1, 1, 3]), uniformInput([2, 3])], op: (i, u) => scatterAdd(i, u, 1, [2, 4]), differentiable: true },
  { name: 'scatterAdd 2-D indices along axis -1', inputs: [intsInput([0, 2, 2, 0], [2, 2]), uniformInput([3, 2, 2])], op: (i, u) => scatterAdd(i, u, -1, [3, 3]), differentiable: true },
  { name: 'scatterAdd is the adjoint of gather', inputs: [intsInput([3, 1, 3]), uniformInput([4, 2]), uniformInput([3, 2])], op: (i, x, u) => [gather(scatterAdd(i, u, 0, [4, 2]), i), scatterAdd(i, gather(x, i), 0, [4, 2])], composite: true, differentiable: true },
  { name: 'scatterAdd no updates', inputs: [intsInput([], [0]), uniformInput([0, 2])], op: (i, u) => scatterAdd(i, u, 0, [3, 2]), differentiable: true },
  { name: 'scatterAdd int32 updates', inputs: [intsInput([1, 0, 1]), intsInput([5, 6, 7])], op: (i, u) => scatterAdd(i, u, 0, [3]), differentiable: false },
];

const oneHotCases: Case[] = [
  { name: 'oneHot [2,3] depth 4', inputs: [intsInput([0, 3, 1, 2, 2, 0], [2, 3])], op: (i) => oneHot(i, 4), differentiable: false },
  { name: 'oneHot dtype int32 and an index ≥ depth', inputs: [intsInput([1, 5, 0])], op: (i) => [oneHot(i, 3, { dtype: 'int32' }), oneHot(i, 2, { dtype: 'bool' })], differentiable: false },
  { name: 'oneHot next to a gather of the same indices', inputs: [intsInput([2, 0, 1]), uniformInput([3, 3])], op: (i, x) => [oneHot(i, 3), gather(x, i, 1)], differentiable: true },
];

export const gatherGroup: CaseGroup = { name: 'gather, scatterAdd, oneHot', cases: [...gatherCases, ...scatterCases, ...oneHotCases] };
