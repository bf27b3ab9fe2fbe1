// The fused forward pass of one layer direction (cuDNN's and onnxruntime's recipe) as one
// parallel kernel over batch entries: the input projection of the entries' rows for all steps,
// then the recurrence, each step one product h·W_hhᵀ against the packed W_hh and the family's
// gate math writing h straight into the output row it belongs to. Entries never interact, so a
// thread runs its entries through all T steps with no barrier.
import { ForwardArgs, gateCount, GRU, GRU_RESET_BEFORE, lengthOf, longestLength, LSTM, rowAt, rowPtr } from './args';
import { gruForward, gruResetBeforeForward } from './gru';
import { copy, zero } from './lanes';
import { lstmForward } from './lstm';
import { rowsTimes } from './products';
import { rnnForward } from './rnn';

/**
 * x·W_ihᵀ for the entries' rows of the first `steps` steps, before the recurrence: one product
 * per step, as a slice's rows are contiguous in x only within a step. It runs as fast as one
 * product over all T·B rows (both ~51 GFLOP/s at B=32 T=64 I=128 H=256, measured). The
 * pre-summed bias is added by the gate math, which reads this plane anyway.
 */
function projectInputs(a: ForwardArgs, begin: i32, end: i32, steps: i32): void {
  const gateWidth = gateCount(a.family) * a.hidden;
  for (let t = 0; t < steps; t++) {
    const first = t * a.batch;
    rowsTimes(a, begin, end, rowPtr(a.x, first, a.inputSize), a.inputSize, a.inputSize, a.inputWeights, gateWidth, rowPtr(a.projected, first, gateWidth), gateWidth, false);
  }
}

/** The reserve's previous-state planes: h (and c) as they are before step s. */
function savePreviousStates(a: ForwardArgs, s: i32, begin: i32, end: i32): void {
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    if (row < 0) continue;
    copy(rowPtr(a.previousH, row, a.outputSize), rowPtr(a.h, b, a.outputSize), a.outputSize);
    if (a.family == LSTM) copy(rowPtr(a.previousC, row, a.hidden), rowPtr(a.c, b, a.hidden), a.hidden);
  }
}

/** Rows an entry never reaches (t ≥ its length) are zero in the output and in every reserve plane. */
function clearUnreachedRows(a: ForwardArgs, begin: i32, end: i32): void {
  if (a.lengths == 0) return;
  const H = a.hidden;
  const gateWidth = gateCount(a.family) * H;
  for (let b = begin; b < end; b++) {
    for (let t = lengthOf(a, b); t < a.steps; t++) {
      const row = t * a.batch + b;
      zero(rowPtr(a.output, row, a.outputSize), a.outputSize);
      if (a.gates == 0) continue;
      zero(rowPtr(a.gates, row, gateWidth), gateWidth);
      zero(rowPtr(a.previousH, row, a.outputSize), a.outputSize);
      if (a.previousC != 0) zero(rowPtr(a.previousC, row, H), H);
      if (a.extra != 0) zero(rowPtr(a.extra, row, H), H);
    }
  }
}

/** The forward kernel over entries [begin, end); `args` is a ForwardArgs block (args.ts). */
export function sequenceForward(args: usize, begin: i32, end: i32): void {
  const a = changetype<ForwardArgs>(args);
  const steps = longestLength(a, begin, end);
  const n = end - begin;
  projectInputs(a, begin, end, steps);
  copy(rowPtr(a.h, begin, a.outputSize), rowPtr(a.h0, begin, a.outputSize), n * a.outputSize);
  if (a.family == LSTM) copy(rowPtr(a.c, begin, a.hidden), rowPtr(a.c0, begin, a.hidden), n * a.hidden);
  for (let s = 0; s < steps; s++) {
    if (a.gates != 0) savePreviousStates(a, s, begin, end);
    switch (a.family) {
      case LSTM: lstmForward(a, s, begin, end); break;
      case GRU: gruForward(a, s, begin, end); break;
      case GRU_RESET_BEFORE: gruResetBeforeForward(a, s, begin, end); break;
      default: rnnForward(a, s, begin, end);
    }
  }
  clearUnreachedRows(a, begin, end);
}
