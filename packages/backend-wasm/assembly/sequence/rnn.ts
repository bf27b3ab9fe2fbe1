// The Elman rnn (PyTorch nn.RNN): h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), act tanh or
// relu. The reserve's gate plane holds h_t itself, which gives act′: 1 − h² for tanh, [h > 0]
// for relu.
import { reluV, tanhV } from './activations';
import { BackwardArgs, ForwardArgs, rowAt, rowPtr, RNN_RELU } from './args';
import { ld, st } from './lanes';
import { rowsTimes } from './products';

// @ts-ignore: decorator
@inline function forwardLanes(a: ForwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const pre = f32x4.add(f32x4.add(ld(rowPtr(a.projected, row, H) + at, n), ld(a.bias + at, n)), ld(rowPtr(a.recurrent, b, H) + at, n));
  const h = a.family == RNN_RELU ? reluV(pre) : tanhV(pre);
  st(rowPtr(a.h, b, H) + at, h, n);
  st(rowPtr(a.output, row, H) + at, h, n);
  if (a.gates != 0) st(rowPtr(a.gates, row, H) + at, h, n);
}

export function rnnForward(a: ForwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  rowsTimes(a, begin, end, a.h, H, H, a.recurrentWeights, H, a.recurrent, H, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) forwardLanes(a, b, row, j, 4);
    if (j < H) forwardLanes(a, b, row, j, H - j);
  }
}

// @ts-ignore: decorator
@inline function backwardLanes(a: BackwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const h = ld(rowPtr(a.gates, row, H) + at, n);
  const one = f32x4.splat(1);
  const slope = a.family == RNN_RELU ? v128.bitselect(one, f32x4.splat(0), f32x4.gt(h, f32x4.splat(0))) : f32x4.sub(one, f32x4.mul(h, h));
  const d = f32x4.mul(ld(rowPtr(a.dh, b, H) + at, n), slope);
  st(rowPtr(a.dGates, row, a.dGatesStride) + at, d, n);
  st(rowPtr(a.stepGates, b, H) + at, d, n);
}

export function rnnBackward(a: BackwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) backwardLanes(a, b, row, j, 4);
    if (j < H) backwardLanes(a, b, row, j, H - j);
  }
  rowsTimes(a, begin, end, a.stepGates, H, H, a.recurrentWeights, H, a.dhNext, H, true);
}
