// The parameter blocks of the sequence kernels: unmanaged classes laid over i32 words in the
// heap (fields in declaration order, 4 bytes each, a subclass's fields after its base's), so
// the layout below is the contract with src/sequence/args.ts, which writes the same fields in
// the same order. Pointers are byte offsets; a pointer of 0 means "absent".
//
// The forward and backward kernels run over batch entries [begin, end) (see src/runner.ts):
// entries are independent through all steps, so threads split them with no per-step barrier.
// Scratch is indexed by entry (or by `begin`, for what a slice uses once), so threads never
// share it.

/** Cell families (src/sequence/layout.ts has the same table). */
export const RNN_TANH: i32 = 0;
export const RNN_RELU: i32 = 1;
export const LSTM: i32 = 2;
/** PyTorch's GRU: the reset gate multiplies (W_hn h + b_hn). */
export const GRU: i32 = 3;
/** Cho et al.'s GRU: the reset gate multiplies h before W_hn. */
export const GRU_RESET_BEFORE: i32 = 4;

/**
 * What the forward and backward kernels share, words [0, 23):
 *   [0] family  [1] T  [2] B  [3] I  [4] H  [5] outputSize (the width of h: P for a projected
 *   lstm, else H)  [6] reverse  [7] cifg  [8] lengths (i32[B], or 0: every entry runs T steps)
 *   [9]–[12] weights packed by `packB` as the right operand of the step's products — Wᵀ in the
 *     forward (h·W_hhᵀ), W in the backward (dGates·W_hh): input (W_ih), recurrent (W_hh, or only
 *     its r and z rows for GRU_RESET_BEFORE), candidate (GRU_RESET_BEFORE: the n rows of W_hh),
 *     projection (W_hr)
 *   [13]–[15] peepholes weight_ci, weight_cf, weight_co ([H] each, or 0)
 *   [16]–[19] reserve planes, T·B rows each (row t·B + b): gates (G·H wide: the activations),
 *     previousH (h before the step), previousC (lstm: c before the step), extra (H wide — lstm:
 *     c after the step; GRU: W_hn h + b_hn; GRU_RESET_BEFORE: r ⊙ h)
 *   [20] packed: scratch for `packA`, 4·packedStride floats per entry (a slice of n entries packs
 *        ⌈n/4⌉·4 ≤ 4n rows at slot 4·begin, so it never reaches the next slice's)
 *   [21] packedStride: the largest K of the kernel's products  [22] tile: 32 floats per entry
 *        (gemmPacked's edge tile; a slice uses the one at `begin`)
 */
@unmanaged export class SequenceArgs {
  family: i32;
  steps: i32;
  batch: i32;
  inputSize: i32;
  hidden: i32;
  outputSize: i32;
  reverse: i32;
  cifg: i32;
  lengths: usize;
  inputWeights: usize;
  recurrentWeights: usize;
  candidateWeights: usize;
  projectionWeights: usize;
  peepholeInput: usize;
  peepholeForget: usize;
  peepholeOutput: usize;
  gates: usize;
  previousH: usize;
  previousC: usize;
  extra: usize;
  packed: usize;
  packedStride: i32;
  tile: usize;
}

/**
 * The forward kernel's block: SequenceArgs, then
 *   [23] x [T·B, I]  [24] output [T·B, outputSize]  [25] h0  [26] c0 (lstm)
 *   [27] h, [28] c: the running states [B, size], left holding the final states
 *   [29] bias: b_ih + b_hh pre-summed [G·H] (zeros without bias; for GRU the n block is b_in only)
 *   [30] candidateBias: GRU's b_hn [H] (zeros without bias)
 *   [31] projected: x·W_ihᵀ [T·B, G·H] (in training the reserve's gate plane, overwritten in
 *        place by the activations)
 *   [32] recurrent: h·W_hhᵀ per entry [B, G·H]
 *   [33] aux [B, H]: lstm m (projected lstm) or GRU_RESET_BEFORE r ⊙ h, the operand of a second product
 *   [34] auxOut [B, outputSize]: the projected lstm's W_hr·m before it is committed
 * The reserve planes are 0 outside training.
 */
@unmanaged export class ForwardArgs extends SequenceArgs {
  x: usize;
  output: usize;
  h0: usize;
  c0: usize;
  h: usize;
  c: usize;
  bias: usize;
  candidateBias: usize;
  projected: usize;
  recurrent: usize;
  aux: usize;
  auxOut: usize;
}

/**
 * The backward kernel's block (phase 1, the recurrence): SequenceArgs, then
 *   [23] dOutput [T·B, outputSize] or 0  [24] dhFinal, [25] dcFinal: gradients of the final
 *   states, or 0  [26] dh, [27] dc: the running state gradients [B, size], left holding the
 *   gradients of the initial states  [28] dx [T·B, I]
 *   [29] dGates [T·B, G·H]: dL/d(gate pre-activations), zero past each length
 *   [30] dCandidate [T·B, H]: GRU's r ⊙ dL/da_n, the gradient of W_hn h + b_hn
 *   [31] dProjected [T·B, P], [32] cellOutputs [T·B, H]: a projected lstm's dL/dh and m per row
 *   [33] dhNext [B, outputSize]: dL/dh before the step, being formed
 *   [34] stepGates [B, G·H]: this step's gate gradients as the recurrent product sees them
 *   [35] aux [B, H]: dL/dm (projected lstm) or dL/d(r ⊙ h) (GRU_RESET_BEFORE)
 *   [36]–[38] row strides (floats) of dGates, dCandidate and dProjected: phase 2 reads these
 *        planes down their columns, 4 floats per row, so their rows are padded off multiples of
 *        the L1 set stride (src/sequence/backward.ts)
 */
@unmanaged export class BackwardArgs extends SequenceArgs {
  dOutput: usize;
  dhFinal: usize;
  dcFinal: usize;
  dh: usize;
  dc: usize;
  dx: usize;
  dGates: usize;
  dCandidate: usize;
  dProjected: usize;
  cellOutputs: usize;
  dhNext: usize;
  stepGates: usize;
  aux: usize;
  dGatesStride: i32;
  dCandidateStride: i32;
  dProjectedStride: i32;
}

/** Gate blocks of H rows in the weights. */
export function gateCount(family: i32): i32 {
  if (family == LSTM) return 4;
  if (family == GRU || family == GRU_RESET_BEFORE) return 3;
  return 1;
}

// @ts-ignore: decorator
@inline export function lengthOf(a: SequenceArgs, b: i32): i32 {
  return a.lengths == 0 ? a.steps : load<i32>(a.lengths + (<usize>b << 2));
}

/**
 * The row of x (t·B + b) that entry b consumes at step s, or -1 past its length. Packed-sequence
 * semantics: the reverse direction starts at the entry's last valid step.
 */
// @ts-ignore: decorator
@inline export function rowAt(a: SequenceArgs, s: i32, b: i32): i32 {
  const length = lengthOf(a, b);
  if (s >= length) return -1;
  return (a.reverse != 0 ? length - 1 - s : s) * a.batch + b;
}

/** The most steps any entry of [begin, end) runs. */
export function longestLength(a: SequenceArgs, begin: i32, end: i32): i32 {
  let longest = 0;
  for (let b = begin; b < end; b++) longest = max(longest, lengthOf(a, b));
  return longest;
}

/** Byte address of row `row` of a plane `width` floats wide. */
// @ts-ignore: decorator
@inline export function rowPtr(plane: usize, row: i32, width: i32): usize {
  return plane + ((<usize>row * <usize>width) << 2);
}
