/**
 * Reductions over single axes, several axes, all axes and with keepDims; arg-reductions with
 * ties; and the reductions the nn ops are made of (logSumExp, softmax, logSoftmax, clip).
 */
import {
  argmax,
  argmin,
  clip,
  logSoftmax,
  logSumExp,
  max,
  mean,
  min,
  softmax,
  sum,
  type Axes,
  type Tensor,
} from '@rnn/tensor';
import { boolsInput, intsInput, uniformInput, valuesInput, type Case, type CaseGroup } from '../case.js';

type Reducer = (x: Tensor, axes?: Axes, options?: { keepDims?: boolean }) => Tensor;

const reducers: readonly (readonly [string, Reducer])[] = [
  ['sum', sum],
  ['mean', mean],
  ['max', max],
  ['min', min],
  ['logSumExp', logSumExp],
];

const axesList: readonly (readonly [string, Axes])[] = [
  ['all axes', undefined],
  ['axis 0', 0],
  ['axis 1', 1],
  ['axis -1', -1],
  ['axes [0,2]', [0, 2]],
  ['axes [2,0] (unsorted)', [2, 0]],
  ['axes [0,1,2]', [0, 1, 2]],
  ['axes []', []],
];

const reduceCases: Case[] = reducers.flatMap(([name, fn]): Case[] =>
  axesList.flatMap(([axesName, axes]): Case[] => [
    { name: `${name} [3,4,5] ${axesName}`, inputs: [uniformInput([3, 4, 5])], op: (x) => fn(x, axes), differentiable: true },
    // In tidy: sum/max/min with keepDims leak one handle in the core today (a known bug, pinned
    // by the memory check "… keepDims …"); the values and gradients are still checked here.
    { name: `${name} [3,4,5] ${axesName} keepDims`, inputs: [uniformInput([3, 4, 5])], op: (x) => fn(x, axes, { keepDims: true }), composite: true, differentiable: true },
  ]),
);

const moreReduceCases: Case[] = [
  { name: 'sum/mean/max/min rank 0', inputs: [uniformInput([])], op: (x) => [sum(x), mean(x), max(x), min(x), logSumExp(x)], differentiable: true },
  { name: 'sum/mean/max/min of size-1 dims', inputs: [uniformInput([1, 3, 1])], op: (x) => [sum(x, 0), mean(x, 2), max(x, [0, 2]), min(x, 1)], differentiable: true },
  { name: 'sum/mean/max/min of size-1 dims keepDims', inputs: [uniformInput([1, 3, 1])], op: (x) => [sum(x, 0, { keepDims: true }), mean(x, 2, { keepDims: true }), min(x, 1, { keepDims: true })], composite: true, differentiable: true },
  { name: 'sum of empty is 0, mean of empty is NaN', inputs: [uniformInput([0, 3])], op: (x) => [sum(x), sum(x, 0), sum(x, 1), mean(x, 0)], differentiable: false },
  { name: 'sum over 1000 elements per row', inputs: [uniformInput([6, 1000])], op: (x) => [sum(x, 1), mean(x, 1), max(x, 1), logSumExp(x, 1)], differentiable: true, toleranceScale: 10 },
  { name: 'sum over a long leading axis', inputs: [uniformInput([700, 3])], op: (x) => [sum(x, 0), mean(x, 0), min(x, 0)], differentiable: true, toleranceScale: 10 },
  {
    name: 'max/min with ties share the gradient evenly',
    inputs: [valuesInput([3, 1, 3, 2, -1, -1, 0, -1], [2, 4])],
    op: (x) => [max(x, 1), min(x, 1), max(x), min(x, 0)],
    differentiable: true,
    gradcheck: false,
  },
  { name: 'int32 sum/max/min stay int32, mean gives float32', inputs: [intsInput([4, -2, 7, 1, 0, -9], [2, 3])], op: (x) => [sum(x), sum(x, 0), max(x, 1), min(x), mean(x, 1)], differentiable: false },
  { name: 'bool sum counts', inputs: [boolsInput([1, 0, 1, 1, 0, 1], [2, 3])], op: (x) => [sum(x), sum(x, 1)], differentiable: false },
  { name: 'logSumExp is stable for large values', inputs: [valuesInput([1000, 1000.5, 999, -1000, -1001, -999.5], [2, 3])], op: (x) => [logSumExp(x, 1), logSumExp(x)], differentiable: true },
];

const argCases: Case[] = [
  ...([0, 1, 2, -1, undefined] as const).flatMap((axis): Case[] => [
    { name: `argmax [3,4,5] axis ${String(axis)}`, inputs: [uniformInput([3, 4, 5])], op: (x) => argmax(x, axis), differentiable: false },
    { name: `argmin [3,4,5] axis ${String(axis)}`, inputs: [uniformInput([3, 4, 5])], op: (x) => argmin(x, axis), differentiable: false },
  ]),
  {
    name: 'argmax/argmin take the first of tied extremes',
    inputs: [valuesInput([2, 5, 5, 1, 1, 0, 7, 0, 7, 3, 3, 3], [3, 4])],
    op: (x) => [argmax(x, 1), argmin(x, 1), argmax(x, 0), argmin(x, 0), argmax(x), argmin(x)],
    differentiable: false,
  },
  { name: 'argmax/argmin int32', inputs: [intsInput([4, -2, 7, 7, 0, -9], [2, 3])], op: (x) => [argmax(x, 1), argmin(x, 0), argmax(x)], differentiable: false },
  { name: 'argmax rank 1 and size 1', inputs: [uniformInput([9]), uniformInput([4, 1])], op: (x, y) => [argmax(x), argmin(x, 0), argmax(y, 1), argmin(y, 0)], differentiable: false },
];

const nnCases: Case[] = [
  ...([-1, 0, 1] as const).flatMap((axis): Case[] => [
    { name: `softmax [3,4,5] axis ${axis}`, inputs: [uniformInput([3, 4, 5], -3, 3)], op: (x) => softmax(x, axis), differentiable: true },
    { name: `logSoftmax [3,4,5] axis ${axis}`, inputs: [uniformInput([3, 4, 5], -3, 3)], op: (x) => logSoftmax(x, axis), differentiable: true },
  ]),
  { name: 'softmax/logSoftmax default axis [2,7]', inputs: [uniformInput([2, 7], -3, 3)], op: (x) => [softmax(x), logSoftmax(x)], differentiable: true },
  // Stability: exp(±100) overflows float32 and exp(±1000) float64, so only the max-shifted form
  // is finite. At |x| ≈ 100 (1000) float32 itself resolves x only to ~1e-5 (~1e-4) relative,
  // so any float32 implementation differs from float64 by that much: the tolerance is widened.
  {
    name: 'softmax/logSoftmax are stable for logits near ±100',
    inputs: [valuesInput([100, 101, 99, -100, -102, -101], [2, 3])],
    op: (x) => [softmax(x), logSoftmax(x)],
    differentiable: true,
    toleranceScale: 10,
  },
  {
    name: 'softmax/logSoftmax are stable for logits near ±1000',
    inputs: [valuesInput([1000, 1001, 999, -1000, -1002, -1001], [2, 3])],
    op: (x) => [softmax(x), logSoftmax(x)],
    differentiable: true,
    toleranceScale: 100,
  },
  { name: 'softmax over a size-1 axis', inputs: [uniformInput([3, 1])], op: (x) => [softmax(x, 1), logSoftmax(x, 1)], differentiable: true },
  { name: 'clip(-1, 1) away from the bounds', inputs: [valuesInput([-3, -1.5, -0.9, -0.2, 0, 0.3, 0.95, 1.2, 4])], op: (x) => clip(x, -1, 1), differentiable: true },
  { name: 'clip random [4,5] to [-0.5, 0.7]', inputs: [uniformInput([4, 5], -2, 2)], op: (x) => clip(x, -0.5, 0.7), differentiable: true },
  {
    name: 'clip at the bounds passes the gradient (as PyTorch clamp)',
    inputs: [valuesInput([-1, 1, 0.5, -1, 1])],
    op: (x) => clip(x, -1, 1),
    differentiable: true,
    gradcheck: false,
  },
  { name: 'clip with min = max', inputs: [uniformInput([5])], op: (x) => clip(x, 0.25, 0.25), differentiable: true, gradcheck: false },
];

export const reduceGroup: CaseGroup = { name: 'reduce', cases: [...reduceCases, ...moreReduceCases, ...argCases] };
export const nnGroup: CaseGroup = { name: 'softmax, logSoftmax, clip', cases: nnCases };
