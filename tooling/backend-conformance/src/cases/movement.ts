/**
 * Moving elements without arithmetic: reshape and friends, permute/transpose, slice (negative
 * begins, −1 sizes, empty boxes), concat/stack/split/unstack, reverse, pad, broadcastTo.
 */
import {
  broadcastTo,
  concat,
  expandDims,
  flatten,
  pad,
  permute,
  reshape,
  reverse,
  slice,
  split,
  squeeze,
  stack,
  transpose,
  unstack,
} from '@rnn/tensor';
import { boolsInput, intsInput, uniformInput, type Case, type CaseGroup } from '../case.js';

const x234 = uniformInput([2, 3, 4]);

const reshapeCases: Case[] = [
  { name: 'reshape [2,3,4] → [6,4]', inputs: [x234], op: (x) => reshape(x, [6, 4]), differentiable: true },
  { name: 'reshape with an inferred −1', inputs: [x234], op: (x) => [reshape(x, [-1, 2]), reshape(x, [4, -1, 3])], differentiable: true },
  { name: 'reshape to the same shape and to rank 0', inputs: [x234, uniformInput([1, 1])], op: (x, s) => [reshape(x, [2, 3, 4]), reshape(s, [])], differentiable: true },
  { name: 'reshape empty [0,3] → [3,0,2]', inputs: [uniformInput([0, 3])], op: (x) => reshape(x, [3, 0, 2]), differentiable: true },
  { name: 'flatten', inputs: [x234], op: (x) => flatten(x), differentiable: true },
  { name: 'expandDims 0, 1, -1', inputs: [uniformInput([2, 3])], op: (x) => [expandDims(x), expandDims(x, 1), expandDims(x, -1)], differentiable: true },
  { name: 'squeeze all and by axis', inputs: [uniformInput([1, 3, 1, 2])], op: (x) => [squeeze(x), squeeze(x, 0), squeeze(x, [0, 2]), squeeze(x, -2)], differentiable: true },
  { name: 'reshape int32 and bool', inputs: [intsInput([1, 2, 3, 4, 5, 6]), boolsInput([1, 0, 0, 1])], op: (i, b) => [reshape(i, [3, 2]), reshape(b, [2, 2])], differentiable: false },
];

const permuteCases: Case[] = [
  { name: 'permute [2,3,4] by [2,0,1]', inputs: [x234], op: (x) => permute(x, [2, 0, 1]), differentiable: true },
  { name: 'permute [2,3,4] by [1,2,0] and [0,2,1]', inputs: [x234], op: (x) => [permute(x, [1, 2, 0]), permute(x, [0, 2, 1])], differentiable: true },
  { name: 'permute identity and negative axes', inputs: [x234], op: (x) => [permute(x, [0, 1, 2]), permute(x, [-1, -3, -2])], differentiable: true },
  { name: 'permute rank 4 [2,3,4,2] by [3,1,0,2] and [1,3,2,0]', inputs: [uniformInput([2, 3, 4, 2])], op: (x) => [permute(x, [3, 1, 0, 2]), permute(x, [1, 3, 2, 0])], differentiable: true },
  { name: 'permute with size-1 dims [2,1,3,1] by [3,2,1,0]', inputs: [uniformInput([2, 1, 3, 1])], op: (x) => permute(x, [3, 2, 1, 0]), differentiable: true },
  { name: 'transpose default (last two) and transpose(0, 2)', inputs: [x234], op: (x) => [transpose(x), transpose(x, 0, 2)], differentiable: true },
  { name: 'transpose 2-D large [37,53]', inputs: [uniformInput([37, 53])], op: (x) => transpose(x), differentiable: true },
  { name: 'permute empty [0,2,3]', inputs: [uniformInput([0, 2, 3])], op: (x) => permute(x, [2, 0, 1]), differentiable: true },
  { name: 'permute int32', inputs: [intsInput([1, 2, 3, 4, 5, 6], [2, 3])], op: (x) => transpose(x), differentiable: false },
];

const sliceCases: Case[] = [
  { name: 'slice box [4,5,6] begin [1,0,2] size [2,-1,3]', inputs: [uniformInput([4, 5, 6])], op: (x) => slice(x, [1, 0, 2], [2, -1, 3]), differentiable: true },
  { name: 'slice negative begin', inputs: [uniformInput([4, 5, 6])], op: (x) => [slice(x, [-2, -3]), slice(x, [0, -1, -4], [-1, 1, 2])], differentiable: true },
  { name: 'slice missing trailing axes', inputs: [uniformInput([4, 5, 6])], op: (x) => slice(x, [1], [2]), differentiable: true },
  { name: 'slice of size zero and the whole tensor', inputs: [uniformInput([3, 4])], op: (x) => [slice(x, [1, 2], [0, 2]), slice(x, [0, 0]), slice(x, [3, 0])], differentiable: true },
  { name: 'slice a single element', inputs: [uniformInput([3, 4])], op: (x) => slice(x, [2, 3], [1, 1]), differentiable: true },
  { name: 'slice int32', inputs: [intsInput([0, 1, 2, 3, 4, 5, 6, 7], [2, 4])], op: (x) => slice(x, [0, 1], [2, 2]), differentiable: false },
];

const joinCases: Case[] = [
  { name: 'concat axis 0 of three', inputs: [uniformInput([1, 3]), uniformInput([2, 3]), uniformInput([3, 3])], op: (a, b, c) => concat([a, b, c]), differentiable: true },
  { name: 'concat axis 1 and -1', inputs: [uniformInput([2, 1, 3]), uniformInput([2, 4, 3])], op: (a, b) => [concat([a, b], 1), concat([b, a], -2)], differentiable: true },
  { name: 'concat last axis', inputs: [uniformInput([2, 3, 1]), uniformInput([2, 3, 2])], op: (a, b) => concat([a, b, a], -1), differentiable: true },
  { name: 'concat with an empty part', inputs: [uniformInput([0, 3]), uniformInput([2, 3])], op: (a, b) => [concat([a, b]), concat([b, a, b])], differentiable: true },
  { name: 'concat of one tensor', inputs: [uniformInput([2, 3])], op: (a) => concat([a], 1), differentiable: true },
  { name: 'concat rank 1 and int32', inputs: [uniformInput([3]), uniformInput([2]), intsInput([1, 2]), intsInput([3])], op: (a, b, i, j) => [concat([a, b]), concat([i, j, i])], differentiable: true },
  { name: 'stack axis 0, 1, -1', inputs: [uniformInput([2, 3]), uniformInput([2, 3])], op: (a, b) => [stack([a, b]), stack([a, b, a], 1), stack([b, a], -1)], differentiable: true },
  { name: 'stack rank 0', inputs: [uniformInput([]), uniformInput([])], op: (a, b) => stack([a, b, a]), differentiable: true },
  { name: 'split into equal sections', inputs: [uniformInput([6, 4])], op: (x) => [...split(x, 3), ...split(x, 2, 1)], differentiable: true },
  { name: 'split by sizes (with a zero size)', inputs: [uniformInput([6, 4])], op: (x) => [...split(x, [1, 0, 2, 3]), ...split(x, [3, 1], -1)], differentiable: true },
  { name: 'unstack axis 0 and 1', inputs: [uniformInput([3, 2, 2])], op: (x) => [...unstack(x), ...unstack(x, 1)], differentiable: true },
];

const reverseCases: Case[] = [
  { name: 'reverse axis 0', inputs: [x234], op: (x) => reverse(x, 0), differentiable: true },
  { name: 'reverse axes [0,2] and -1', inputs: [x234], op: (x) => [reverse(x, [0, 2]), reverse(x, -1), reverse(x, [0, 1, 2])], differentiable: true },
  { name: 'reverse rank 1 odd length, empty, no axes', inputs: [uniformInput([7]), uniformInput([0, 2])], op: (x, e) => [reverse(x, 0), reverse(e, 1), reverse(x, [])], differentiable: true },
  { name: 'reverse bool', inputs: [boolsInput([1, 1, 0, 1, 0, 0], [2, 3])], op: (x) => reverse(x, 1), differentiable: false },
];

const padCases: Case[] = [
  { name: 'pad [[1,2],[0,1]] with 0', inputs: [uniformInput([2, 3])], op: (x) => pad(x, [[1, 2], [0, 1]]), differentiable: true },
  { name: 'pad with −1.5, only the first axis', inputs: [uniformInput([2, 3])], op: (x) => [pad(x, [[2, 0]], -1.5), pad(x, [[0, 0], [3, 3]], 7)], differentiable: true },
  { name: 'pad rank 3 and an empty tensor', inputs: [uniformInput([1, 2, 2]), uniformInput([0, 2])], op: (x, e) => [pad(x, [[1, 1], [0, 0], [2, 1]]), pad(e, [[1, 0], [0, 1]], 3)], differentiable: true },
  { name: 'pad int32', inputs: [intsInput([1, 2, 3, 4], [2, 2])], op: (x) => pad(x, [[1, 0], [0, 2]], 9), differentiable: false },
];

const broadcastCases: Case[] = [
  { name: 'broadcastTo [3] → [2,3]', inputs: [uniformInput([3])], op: (x) => broadcastTo(x, [2, 3]), differentiable: true },
  { name: 'broadcastTo [2,1] → [4,2,5]', inputs: [uniformInput([2, 1])], op: (x) => broadcastTo(x, [4, 2, 5]), differentiable: true },
  { name: 'broadcastTo rank 0 → [2,2] and to its own shape', inputs: [uniformInput([]), uniformInput([2, 2])], op: (s, x) => [broadcastTo(s, [2, 2]), broadcastTo(x, [2, 2])], differentiable: true },
  { name: 'broadcastTo an empty shape [0,3]', inputs: [uniformInput([1, 3])], op: (x) => broadcastTo(x, [0, 3]), differentiable: true },
  { name: 'broadcastTo int32', inputs: [intsInput([1, -2], [2, 1])], op: (x) => broadcastTo(x, [2, 3]), differentiable: false },
];

export const movementGroup: CaseGroup = {
  name: 'movement',
  cases: [...reshapeCases, ...permuteCases, ...sliceCases, ...joinCases, ...reverseCases, ...padCases, ...broadcastCases],
};
