// The gru (PyTorch nn.GRU, gate rows r, z, n), in both published forms:
//
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   GRU (reset after): n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
//   GRU_RESET_BEFORE:  n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
//   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
//
// Reset after keeps one recurrent product per step, with b_hn inside the reset product (not
// pre-summed). Reset before needs r before the n block's product, so each step runs two:
// [W_hr; W_hz]·h, then W_hn·(r ⊙ h). The reserve keeps r, z, n, h_{t−1}, and W_hn h + b_hn
// (reset after) or r ⊙ h (reset before).
import { sigmoidV, tanhV } from './activations';
import { BackwardArgs, ForwardArgs, rowAt, rowPtr } from './args';
import { ld, st } from './lanes';
import { rowsTimes } from './products';

/** h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}. */
// @ts-ignore: decorator
@inline function blend(z: v128, n: v128, hPrevious: v128): v128 {
  return f32x4.add(f32x4.mul(f32x4.sub(f32x4.splat(1), z), n), f32x4.mul(z, hPrevious));
}

/** σ(projected + bias + recurrent) for the gate block starting at byte `block` of each row. */
// @ts-ignore: decorator
@inline function gate(p: usize, bias: usize, r: usize, block: usize, n: i32): v128 {
  return sigmoidV(f32x4.add(f32x4.add(ld(p + block, n), ld(bias + block, n)), ld(r + block, n)));
}

/** Writes h_t to the state and to the output. */
// @ts-ignore: decorator
@inline function commit(a: ForwardArgs, b: i32, row: i32, at: usize, n: i32, h: v128): void {
  const H = a.hidden;
  st(rowPtr(a.h, b, H) + at, h, n);
  st(rowPtr(a.output, row, H) + at, h, n);
}

// @ts-ignore: decorator
@inline function forwardLanes(a: ForwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const p = rowPtr(a.projected, row, 3 * H) + at;
  const rec = rowPtr(a.recurrent, b, 3 * H) + at;
  const bias = a.bias + at;
  const r = gate(p, bias, rec, 0, n);
  const z = gate(p, bias, rec, block, n);
  const hiddenCandidate = f32x4.add(ld(rec + 2 * block, n), ld(a.candidateBias + at, n));
  const candidate = tanhV(f32x4.add(f32x4.add(ld(p + 2 * block, n), ld(bias + 2 * block, n)), f32x4.mul(r, hiddenCandidate)));
  commit(a, b, row, at, n, blend(z, candidate, ld(rowPtr(a.h, b, H) + at, n)));
  if (a.gates != 0) {
    const saved = rowPtr(a.gates, row, 3 * H) + at;
    st(saved, r, n);
    st(saved + block, z, n);
    st(saved + 2 * block, candidate, n);
    st(rowPtr(a.extra, row, H) + at, hiddenCandidate, n);
  }
}

export function gruForward(a: ForwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  rowsTimes(a, begin, end, a.h, H, H, a.recurrentWeights, 3 * H, a.recurrent, 3 * H, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) forwardLanes(a, b, row, j, 4);
    if (j < H) forwardLanes(a, b, row, j, H - j);
  }
}

/** Reset before, first half: r, z and r ⊙ h; z waits in the recurrent row's z block. */
// @ts-ignore: decorator
@inline function resetLanes(a: ForwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const p = rowPtr(a.projected, row, 3 * H) + at;
  const rec = rowPtr(a.recurrent, b, 3 * H) + at;
  const r = gate(p, a.bias + at, rec, 0, n);
  const z = gate(p, a.bias + at, rec, block, n);
  const resetHidden = f32x4.mul(r, ld(rowPtr(a.h, b, H) + at, n));
  st(rec + block, z, n);
  st(rowPtr(a.aux, b, H) + at, resetHidden, n);
  if (a.gates != 0) {
    const saved = rowPtr(a.gates, row, 3 * H) + at;
    st(saved, r, n);
    st(saved + block, z, n);
    st(rowPtr(a.extra, row, H) + at, resetHidden, n);
  }
}

/** Reset before, second half: n from W_hn (r ⊙ h), then h_t. */
// @ts-ignore: decorator
@inline function candidateLanes(a: ForwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const rec = rowPtr(a.recurrent, b, 3 * H) + at;
  const candidate = tanhV(f32x4.add(f32x4.add(ld(rowPtr(a.projected, row, 3 * H) + at + 2 * block, n), ld(a.bias + at + 2 * block, n)), ld(rec + 2 * block, n)));
  commit(a, b, row, at, n, blend(ld(rec + block, n), candidate, ld(rowPtr(a.h, b, H) + at, n)));
  if (a.gates != 0) st(rowPtr(a.gates, row, 3 * H) + at + 2 * block, candidate, n);
}

export function gruResetBeforeForward(a: ForwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  rowsTimes(a, begin, end, a.h, H, H, a.recurrentWeights, 2 * H, a.recurrent, 3 * H, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) resetLanes(a, b, row, j, 4);
    if (j < H) resetLanes(a, b, row, j, H - j);
  }
  rowsTimes(a, begin, end, a.aux, H, H, a.candidateWeights, H, a.recurrent + (<usize>(2 * H) << 2), 3 * H, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) candidateLanes(a, b, row, j, 4);
    if (j < H) candidateLanes(a, b, row, j, H - j);
  }
}

/** dL/da_z and dL/da_n from dL/dh_t. */
// @ts-ignore: decorator
@inline function updateGradient(d: v128, z: v128, candidate: v128, hPrevious: v128): v128 {
  return f32x4.mul(f32x4.mul(d, f32x4.sub(hPrevious, candidate)), f32x4.mul(z, f32x4.sub(f32x4.splat(1), z)));
}

// @ts-ignore: decorator
@inline function candidateGradient(d: v128, z: v128, candidate: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.mul(f32x4.mul(d, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(candidate, candidate)));
}

// @ts-ignore: decorator
@inline function backwardLanes(a: BackwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const saved = rowPtr(a.gates, row, 3 * H) + at;
  const r = ld(saved, n);
  const z = ld(saved + block, n);
  const candidate = ld(saved + 2 * block, n);
  const d = ld(rowPtr(a.dh, b, H) + at, n);
  const daz = updateGradient(d, z, candidate, ld(rowPtr(a.previousH, row, H) + at, n));
  const dan = candidateGradient(d, z, candidate);
  const dar = f32x4.mul(f32x4.mul(dan, ld(rowPtr(a.extra, row, H) + at, n)), f32x4.mul(r, f32x4.sub(f32x4.splat(1), r)));
  // The recurrent product sees r ⊙ dL/da_n on its n block (W_hn h + b_hn sits under the reset).
  const dHiddenCandidate = f32x4.mul(dan, r);
  const dGates = rowPtr(a.dGates, row, a.dGatesStride) + at;
  const step = rowPtr(a.stepGates, b, 3 * H) + at;
  st(dGates, dar, n);
  st(step, dar, n);
  st(dGates + block, daz, n);
  st(step + block, daz, n);
  st(dGates + 2 * block, dan, n);
  st(step + 2 * block, dHiddenCandidate, n);
  st(rowPtr(a.dCandidate, row, a.dCandidateStride) + at, dHiddenCandidate, n);
  st(rowPtr(a.dhNext, b, H) + at, f32x4.mul(d, z), n);
}

export function gruBackward(a: BackwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) backwardLanes(a, b, row, j, 4);
    if (j < H) backwardLanes(a, b, row, j, H - j);
  }
  rowsTimes(a, begin, end, a.stepGates, 3 * H, 3 * H, a.recurrentWeights, H, a.dhNext, H, true);
}

/** Reset before, first half: the z and n gradients, and the part of dL/dh_{t−1} that bypasses the products. */
// @ts-ignore: decorator
@inline function updateLanes(a: BackwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const block = <usize>H << 2;
  const saved = rowPtr(a.gates, row, 3 * H) + at;
  const z = ld(saved + block, n);
  const candidate = ld(saved + 2 * block, n);
  const d = ld(rowPtr(a.dh, b, H) + at, n);
  const daz = updateGradient(d, z, candidate, ld(rowPtr(a.previousH, row, H) + at, n));
  const dan = candidateGradient(d, z, candidate);
  const dGates = rowPtr(a.dGates, row, a.dGatesStride) + at;
  const step = rowPtr(a.stepGates, b, 3 * H) + at;
  st(dGates + block, daz, n);
  st(step + block, daz, n);
  st(dGates + 2 * block, dan, n);
  st(step + 2 * block, dan, n);
  st(rowPtr(a.dhNext, b, H) + at, f32x4.mul(d, z), n);
}

/** Reset before, second half: dL/d(r ⊙ h) = dL/da_n · W_hn is shared by r and h_{t−1}. */
// @ts-ignore: decorator
@inline function resetGradientLanes(a: BackwardArgs, b: i32, row: i32, j: i32, n: i32): void {
  const H = a.hidden;
  const at = <usize>j << 2;
  const r = ld(rowPtr(a.gates, row, 3 * H) + at, n);
  const dResetHidden = ld(rowPtr(a.aux, b, H) + at, n);
  const dar = f32x4.mul(f32x4.mul(dResetHidden, ld(rowPtr(a.previousH, row, H) + at, n)), f32x4.mul(r, f32x4.sub(f32x4.splat(1), r)));
  st(rowPtr(a.dGates, row, a.dGatesStride) + at, dar, n);
  st(rowPtr(a.stepGates, b, 3 * H) + at, dar, n);
  const dhNext = rowPtr(a.dhNext, b, H) + at;
  st(dhNext, f32x4.add(ld(dhNext, n), f32x4.mul(dResetHidden, r)), n);
}

export function gruResetBeforeBackward(a: BackwardArgs, s: i32, begin: i32, end: i32): void {
  const H = a.hidden;
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) updateLanes(a, b, row, j, 4);
    if (j < H) updateLanes(a, b, row, j, H - j);
  }
  rowsTimes(a, begin, end, a.stepGates + (<usize>(2 * H) << 2), 3 * H, H, a.candidateWeights, H, a.aux, H, false);
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    let j = 0;
    for (; j + 4 <= H; j += 4) resetGradientLanes(a, b, row, j, 4);
    if (j < H) resetGradientLanes(a, b, row, j, H - j);
  }
  rowsTimes(a, begin, end, a.stepGates, 3 * H, 2 * H, a.recurrentWeights, H, a.dhNext, H, true);
}
