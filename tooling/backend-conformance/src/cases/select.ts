/** Comparisons, `where`, logical ops and casts: bool and int32 results, compared exactly. */
import {
  cast,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  mul,
  notEqual,
  where,
  type Tensor,
} from '@rnn/tensor';
import { boolsInput, intsInput, uniformInput, valuesInput, type Case, type CaseGroup } from '../case.js';

const comparisons: readonly (readonly [string, (a: Tensor, b: Tensor | number) => Tensor])[] = [
  ['equal', equal],
  ['notEqual', notEqual],
  ['less', less],
  ['lessEqual', lessEqual],
  ['greater', greater],
  ['greaterEqual', greaterEqual],
];

// Few distinct values, so that ties (where equal/lessEqual/greaterEqual matter) are common.
const left = valuesInput([0, 1, 2, 1, 0, 2, -1, 1, 2, 2, 0, -1], [2, 2, 3]);
const right = valuesInput([1, 0, 2], [3]);

const compareCases: Case[] = comparisons.flatMap(([name, fn]): Case[] => [
  { name: `${name} [2,2,3]·[3] (ties)`, inputs: [left, right], op: (a, b) => fn(a, b), differentiable: false },
  { name: `${name} [3]·[2,2,3] (ties)`, inputs: [right, left], op: (a, b) => fn(a, b), differentiable: false },
  { name: `${name} tensor·number`, inputs: [left], op: (a) => fn(a, 1), differentiable: false },
  { name: `${name} random [4,1]·[1,5]`, inputs: [uniformInput([4, 1]), uniformInput([1, 5])], op: (a, b) => fn(a, b), differentiable: false },
  { name: `${name} int32`, inputs: [intsInput([3, -1, 4, 1, -5, 9], [2, 3]), intsInput([1, 4, 9])], op: (a, b) => fn(a, b), differentiable: false },
  { name: `${name} empty [0,2]·[2]`, inputs: [uniformInput([0, 2]), uniformInput([2])], op: (a, b) => fn(a, b), differentiable: false },
]);

const whereCases: Case[] = [
  {
    name: 'where same shapes',
    inputs: [boolsInput([1, 0, 0, 1, 1, 0], [2, 3]), uniformInput([2, 3]), uniformInput([2, 3])],
    op: (c, a, b) => where(c, a, b),
    differentiable: true,
  },
  {
    name: 'where broadcast cond [2,1], a [2,3], b [3]',
    inputs: [boolsInput([1, 0], [2, 1]), uniformInput([2, 3]), uniformInput([3])],
    op: (c, a, b) => where(c, a, b),
    differentiable: true,
  },
  {
    name: 'where broadcast cond [4], a [3,1], b []',
    inputs: [boolsInput([0, 1, 1, 0], [4]), uniformInput([3, 1]), uniformInput([])],
    op: (c, a, b) => where(c, a, b),
    differentiable: true,
  },
  { name: 'where with number operands', inputs: [boolsInput([1, 0, 1], [3]), uniformInput([2, 3])], op: (c, a) => [where(c, a, 0), where(c, -1.5, a)], differentiable: true },
  {
    name: 'where with a computed (compare) condition',
    inputs: [uniformInput([3, 4]), uniformInput([3, 4])],
    op: (a, b) => where(greater(a, b), mul(a, b), b),
    composite: true,
    differentiable: true,
  },
  { name: 'where with a float condition (≠ 0)', inputs: [valuesInput([0, 1.5, -2, 0]), uniformInput([4]), uniformInput([4])], op: (c, a, b) => where(c, a, b), differentiable: true },
  { name: 'where int32 values', inputs: [boolsInput([1, 0, 1]), intsInput([1, 2, 3]), intsInput([-1, -2, -3])], op: (c, a, b) => where(c, a, b), differentiable: false },
  { name: 'where empty', inputs: [boolsInput([], [0, 3]), uniformInput([0, 3]), uniformInput([3])], op: (c, a, b) => where(c, a, b), differentiable: true },
];

const logicalCases: Case[] = [
  {
    name: 'logicalNot/And/Or broadcast [2,3]·[3]',
    inputs: [boolsInput([1, 0, 1, 0, 0, 1], [2, 3]), boolsInput([1, 1, 0], [3])],
    op: (a, b) => [logicalNot(a), logicalAnd(a, b), logicalOr(a, b), logicalAnd(b, a), logicalOr(b, a)],
    differentiable: false,
  },
];

const castCases: Case[] = [
  {
    name: 'cast float → int32 truncates toward zero',
    inputs: [valuesInput([-2.7, -2.5, -1, -0.5, -0, 0, 0.5, 0.99, 1, 2.5, 2.7, 1000.9, -1000.9])],
    op: (x) => cast(x, 'int32'),
    differentiable: false,
  },
  { name: 'cast float → bool is x ≠ 0', inputs: [valuesInput([0, -0, 1e-30, -2, 0.5, 0])], op: (x) => cast(x, 'bool'), differentiable: false },
  { name: 'cast int32 → float, bool', inputs: [intsInput([-3, 0, 7, 123456, -1])], op: (x) => [cast(x, 'float32'), cast(x, 'bool')], differentiable: false },
  { name: 'cast bool → float32, int32', inputs: [boolsInput([1, 0, 1, 1])], op: (x) => [cast(x, 'float32'), cast(x, 'int32')], differentiable: false },
  { name: 'cast to its own dtype', inputs: [uniformInput([2, 3]), intsInput([1, 2])], op: (x, i) => [cast(x, x.dtype), cast(i, 'int32')], differentiable: true },
  {
    name: 'cast float32 ↔ float64 (differentiable)',
    inputs: [uniformInput([2, 3], -2, 2, 'float32'), uniformInput([3], -2, 2, 'float64')],
    op: (a, b) => [cast(a, 'float64'), cast(b, 'float32'), mul(cast(a, 'float64'), b)],
    composite: true,
    differentiable: true,
    // Finite differences cannot see through a rounding to float32; the oracle comparison still runs.
    gradcheck: false,
    requires: { float64: true },
  },
  { name: 'cast float → float32 in a chain', inputs: [uniformInput([4])], op: (x) => mul(cast(x, 'float32'), 3), composite: true, differentiable: true, gradcheck: false },
  { name: 'cast empty', inputs: [uniformInput([0, 2])], op: (x) => [cast(x, 'int32'), cast(x, 'bool')], differentiable: false },
];

export const selectGroup: CaseGroup = { name: 'compare, where, logical, cast', cases: [...compareCases, ...whereCases, ...logicalCases, ...castCases] };
