// The lstm (PyTorch nn.LSTM, gate rows i, f, g, o) with Greff et al.'s options in any
// combination — peepholes, cifg (f = 1 − i), and Sak et al.'s projection h = W_hr m:
//
//   a = W_ih x + b_ih + W_hh h_{t−1} + b_hh;  a_i += w_ci ⊙ c_{t−1}, a_f += w_cf ⊙ c_{t−1}
//   i = σ(a_i), f = σ(a_f) (cifg: 1 − i), g = tanh(a_g), c_t = f ⊙ c_{t−1} + i ⊙ g
//   a_o += w_co ⊙ c_t, o = σ(a_o), m = o ⊙ tanh(c_t), h = m (projection: W_hr m)
//
// The reserve keeps i, f, g, o, c_{t−1} and c_t; the backward recomputes tanh(c_t) and m.
import { sigmoidV, tanhV } from './activations';
import { BackwardArgs, ForwardArgs, rowAt, rowPtr } from './args';
import { copy, ld, st } from './lanes';
import { rowsTimes } from './products';

// @ts-ignore: decorator
@inline function peephole(weights: usize, at: usize, n: i32, state: v128): v128 {
  return weights == 0 ? f32x4.splat(0) : f32x4.mul(ld(weights + at, n), state);
}

// @ts-ignore: decorator
@inline function forwardLanes(a: ForwardArgs, b: i32, row: i32, j: i32, n: i32, cellOutput: usize): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const p = rowPtr(a.projected, row, 4 * H) + at;
  const r = rowPtr(a.recurrent, b, 4 * H) + at;
  const bias = a.bias + at;
  const cState = rowPtr(a.c, b, H) + at;
  const cPrevious = ld(cState, n);
  // a = projected + bias + recurrent, for the gate block k.
  const i = sigmoidV(f32x4.add(f32x4.add(f32x4.add(ld(p, n), ld(bias, n)), ld(r, n)), peephole(a.peepholeInput, at, n, cPrevious)));
  const f = a.cifg != 0
    ? f32x4.sub(f32x4.splat(1), i)
    : sigmoidV(f32x4.add(f32x4.add(f32x4.add(ld(p + block, n), ld(bias + block, n)), ld(r + block, n)), peephole(a.peepholeForget, at, n, cPrevious)));
  const g = tanhV(f32x4.add(f32x4.add(ld(p + 2 * block, n), ld(bias + 2 * block, n)), ld(r + 2 * block, n)));
  const c = f32x4.add(f32x4.mul(f, cPrevious), f32x4.mul(i, g));
  const o = sigmoidV(f32x4.add(f32x4.add(f32x4.add(ld(p + 3 * block, n), ld(bias + 3 * block, n)), ld(r + 3 * block, n)), peephole(a.peepholeOutput, at, n, c)));
  const m = f32x4.mul(o, tanhV(c));
  st(cState, c, n);
  st(rowPtr(cellOutput, b, H) + at, m, n);
  if (a.projectionWeights == 0) st(rowPtr(a.output, row, H) + at, m, n);
  if (a.gates != 0) {
    const saved = rowPtr(a.gates, row, 4 * H) + at;
    st(saved, i, n);
    st(saved + block, f, n);
    st(saved + 2 * block, g, n);
    st(saved + 3 * block, o, n);
    st(rowPtr(a.extra, row, H) + at, c, n);
  }
}

export function lstmForward(a: ForwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  const P = a.outputSize;
  const projects = a.projectionWeights != 0;
  rowsTimes(a, begin, end, a.h, P, P, a.recurrentWeights, 4 * H, a.recurrent, 4 * H, false);
  // Without a projection m is h itself, written straight into the state.
  const cellOutput = projects ? a.aux : a.h;
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) forwardLanes(a, b, row, j, 4, cellOutput);
    if (j < H) forwardLanes(a, b, row, j, H - j, cellOutput);
  }
  if (!projects) return;
  rowsTimes(a, begin, end, a.aux, H, H, a.projectionWeights, P, a.auxOut, P, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    copy(rowPtr(a.h, b, P), rowPtr(a.auxOut, b, P), P);
    copy(rowPtr(a.output, row, P), rowPtr(a.auxOut, b, P), P);
  }
}

// @ts-ignore: decorator
@inline function backwardLanes(a: BackwardArgs, b: i32, row: i32, j: i32, n: i32, dCellOutput: usize): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const one = f32x4.splat(1);
  const saved = rowPtr(a.gates, row, 4 * H) + at;
  const i = ld(saved, n);
  const f = ld(saved + block, n);
  const g = ld(saved + 2 * block, n);
  const o = ld(saved + 3 * block, n);
  const c = ld(rowPtr(a.extra, row, H) + at, n);
  const cPrevious = ld(rowPtr(a.previousC, row, H) + at, n);
  const tanhC = tanhV(c);
  const dm = ld(rowPtr(dCellOutput, b, H) + at, n);
  if (a.projectionWeights != 0) st(rowPtr(a.cellOutputs, row, H) + at, f32x4.mul(o, tanhC), n);
  const dao = f32x4.mul(f32x4.mul(dm, tanhC), f32x4.mul(o, f32x4.sub(one, o)));
  // c_t reaches the loss through the next step (dc), through m, and through a_o's peephole.
  const dcState = rowPtr(a.dc, b, H) + at;
  let dc = f32x4.add(ld(dcState, n), f32x4.mul(f32x4.mul(dm, o), f32x4.sub(one, f32x4.mul(tanhC, tanhC))));
  dc = f32x4.add(dc, peephole(a.peepholeOutput, at, n, dao));
  const dag = f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g)));
  // cifg: f = 1 − i, so ∂L/∂i gains −∂L/∂f and a_f gets no gradient.
  const cifg = a.cifg != 0;
  const dai = f32x4.mul(f32x4.mul(dc, cifg ? f32x4.sub(g, cPrevious) : g), f32x4.mul(i, f32x4.sub(one, i)));
  const daf = cifg ? f32x4.splat(0) : f32x4.mul(f32x4.mul(dc, cPrevious), f32x4.mul(f, f32x4.sub(one, f)));
  const dcPrevious = f32x4.add(f32x4.add(f32x4.mul(dc, f), peephole(a.peepholeInput, at, n, dai)), peephole(a.peepholeForget, at, n, daf));
  st(dcState, dcPrevious, n);
  const dGates = rowPtr(a.dGates, row, a.dGatesStride) + at;
  const step = rowPtr(a.stepGates, b, 4 * H) + at;
  st(dGates, dai, n);
  st(step, dai, n);
  st(dGates + block, daf, n);
  st(step + block, daf, n);
  st(dGates + 2 * block, dag, n);
  st(step + 2 * block, dag, n);
  st(dGates + 3 * block, dao, n);
  st(step + 3 * block, dao, n);
}

export function lstmBackward(a: BackwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  const P = a.outputSize;
  let dCellOutput = a.dh;
  if (a.projectionWeights != 0) {
    // dL/dm = dL/dh · W_hr; dW_hr = Σ dL/dhᵀ m is one product after the loop.
    for (let b = begin; b < end; b++) {
      const row = rowAt(a, s, b);
      if (row >= 0) copy(rowPtr(a.dProjected, row, a.dProjectedStride), rowPtr(a.dh, b, P), P);
    }
    rowsTimes(a, begin, end, a.dh, P, P, a.projectionWeights, H, a.aux, H, false);
    dCellOutput = a.aux;
  }
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) backwardLanes(a, b, row, j, 4, dCellOutput);
    if (j < H) backwardLanes(a, b, row, j, H - j, dCellOutput);
  }
  rowsTimes(a, begin, end, a.stepGates, 4 * H, 4 * H, a.recurrentWeights, P, a.dhNext, P, true);
}
