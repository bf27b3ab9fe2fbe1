// The fused backward pass, phase 1, as one parallel kernel over batch entries: the sequential
// part. Per step, from the last to the first, the family turns dL/dh (and the lstm's dL/dc)
// into gate gradients and backpropagates them through W_hh; after the loop, dx = dGates·W_ih for
// the entries' rows. Every weight gradient is a sum over all T·B rows, so it waits for every
// entry's gate gradients: phase 2 (gradients.ts), after the runner's barrier.
import { BackwardArgs, gateCount, GRU, GRU_RESET_BEFORE, lengthOf, longestLength, LSTM, rowAt, rowPtr } from './args';
import { gruBackward, gruResetBeforeBackward } from './gru';
import { copy, zero } from './lanes';
import { lstmBackward } from './lstm';
import { rowsTimes } from './products';
import { rnnBackward } from './rnn';

/** A state gradient's rows [begin, end): the given final-state gradient, or zero. */
function startGradient(state: usize, given: usize, begin: i32, end: i32, width: i32): void {
  const at = rowPtr(state, begin, width);
  const floats = (end - begin) * width;
  if (given == 0) zero(at, floats);
  else copy(at, rowPtr(given, begin, width), floats);
}

/** The planes' rows an entry never reaches stay zero, so the sums over all rows in phase 2 skip them. */
function clearUnreachedRows(a: BackwardArgs, begin: i32, end: i32): void {
  if (a.lengths == 0) return;
  const H = a.hidden;
  const gateWidth = gateCount(a.family) * H;
  for (let b = begin; b < end; b++) {
    for (let t = lengthOf(a, b); t < a.steps; t++) {
      const row = t * a.batch + b;
      zero(rowPtr(a.dGates, row, a.dGatesStride), gateWidth);
      if (a.dCandidate != 0) zero(rowPtr(a.dCandidate, row, a.dCandidateStride), H);
      if (a.dProjected != 0) zero(rowPtr(a.dProjected, row, a.dProjectedStride), a.outputSize);
      if (a.cellOutputs != 0) zero(rowPtr(a.cellOutputs, row, H), H);
    }
  }
}

/**
 * Before the family's step: dL/dh_t gains this step's output gradient; an entry past its length
 * passes its gradient through unchanged (no gate gradients, dL/dh_{t−1} = dL/dh_t), a running
 * one starts dL/dh_{t−1} at zero for the family to add to.
 */
function prepareStep(a: BackwardArgs, s: i32, begin: i32, end: i32): void {
  const width = a.outputSize;
  const gateWidth = gateCount(a.family) * a.hidden;
  for (let b = begin; b < end; b++) {
    const row = rowAt(a, s, b);
    const dh = rowPtr(a.dh, b, width);
    const dhNext = rowPtr(a.dhNext, b, width);
    if (row < 0) {
      zero(rowPtr(a.stepGates, b, gateWidth), gateWidth);
      copy(dhNext, dh, width);
      continue;
    }
    zero(dhNext, width);
    if (a.dOutput == 0) continue;
    const dy = rowPtr(a.dOutput, row, width);
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const at = <usize>j << 2;
      v128.store(dh + at, f32x4.add(v128.load(dh + at), v128.load(dy + at)));
    }
    for (; j < width; j++) {
      const at = <usize>j << 2;
      store<f32>(dh + at, load<f32>(dh + at) + load<f32>(dy + at));
    }
  }
}

/** dx = dGates·W_ih for the entries' rows of every step (rows past a length have zero gate gradients). */
function inputGradients(a: BackwardArgs, begin: i32, end: i32, steps: i32): void {
  const gateWidth = gateCount(a.family) * a.hidden;
  for (let t = 0; t < a.steps; t++) {
    const first = t * a.batch;
    const dx = rowPtr(a.dx, first, a.inputSize);
    if (t >= steps) {
      for (let b = begin; b < end; b++) zero(rowPtr(dx, b, a.inputSize), a.inputSize);
      continue;
    }
    rowsTimes(a, begin, end, rowPtr(a.dGates, first, a.dGatesStride), a.dGatesStride, gateWidth, a.inputWeights, a.inputSize, dx, a.inputSize, false);
  }
}

/** The backward kernel's phase 1 over entries [begin, end); `args` is a BackwardArgs block (args.ts). */
export function sequenceBackward(args: usize, begin: i32, end: i32): void {
  const a = changetype<BackwardArgs>(args);
  const steps = longestLength(a, begin, end);
  startGradient(a.dh, a.dhFinal, begin, end, a.outputSize);
  if (a.family == LSTM) startGradient(a.dc, a.dcFinal, begin, end, a.hidden);
  clearUnreachedRows(a, begin, end);
  for (let s = steps - 1; s >= 0; s--) {
    prepareStep(a, s, begin, end);
    switch (a.family) {
      case LSTM: lstmBackward(a, s, begin, end); break;
      case GRU: gruBackward(a, s, begin, end); break;
      case GRU_RESET_BEFORE: gruResetBeforeBackward(a, s, begin, end); break;
      default: rnnBackward(a, s, begin, end);
    }
    copy(rowPtr(a.dh, begin, a.outputSize), rowPtr(a.dhNext, begin, a.outputSize), (end - begin) * a.outputSize);
  }
  inputGradients(a, begin, end, steps);
}
