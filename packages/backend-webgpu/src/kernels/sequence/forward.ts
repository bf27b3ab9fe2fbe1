/**
 * The fused forward pass, encoded into the one command stream and submitted once with
 * everything else: the input projection of all T·B rows as one GEMM, then per step one
 * recurrent-tile dispatch per phase of the cell (one for rnn, lstm and reset-after gru; two for a
 * projected lstm or a reset-before gru) that does h_{t−1}·W_hhᵀ and the gate math together.
 */
import type { FusedSequenceForward, SequenceSpec, SequenceWeights, TensorSpec } from '@rnn/tensor/backend';
import { readCellWeights } from '@rnn/tensor/kernels';
import { asHandle } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { encodeMatmul } from '../matmul.js';
import { cellProgram } from './cells/index.js';
import { newSlot, oldSlot, reserveUniforms, sequenceLayout, stateSlots } from './layout.js';
import { packParams } from './params.js';
import { encodeTilePhase } from './recurrent-tile.js';
import type { SequenceUniforms } from './shader-prelude.js';

const OP = 'rnnSequence';

export function sequenceForward(ctx: GpuContext, spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward {
  const layout = sequenceLayout(spec);
  const { batch, rows, gateWidth, outputSize, inputSize } = layout;
  const program = cellProgram(spec.cell, spec.training);
  const named = readCellWeights(spec.cell, weights);
  const recurrent = ctx.tensor(named.recurrent);
  const projection = named.projection === null ? null : ctx.tensor(named.projection);

  const params = packParams(ctx, OP, spec, layout, weights);
  const projected = ctx.allocate(OP, 'float32', rows * gateWidth);
  encodeMatmul(ctx, { a: ctx.tensor(x), transposeA: false, b: ctx.tensor(named.input), transposeB: true, out: projected, m: rows, n: gateWidth, k: inputSize });

  const state = ctx.allocate(OP, 'float32', layout.state.size);
  const initialSlots = stateSlots(layout, 0);
  initialState.forEach((s, k) => {
    const source = ctx.tensor(s);
    ctx.stream.copy(source.buffer, 0, state.buffer, initialSlots[k]! * 4, source.bytes);
  });
  const output = ctx.allocate(OP, 'float32', rows * outputSize);
  const reserve = spec.training ? ctx.allocate(OP, 'float32', layout.reserve.size) : null;
  if (spec.lengths !== null) {
    // Rows past an entry's length are never written: the output must read zero there, and the
    // backward multiplies the reserve's rows by zero gradients (0 · a stale NaN is NaN).
    for (const t of reserve === null ? [output] : [output, reserve]) ctx.stream.clear(t.buffer, 0, t.bytes);
  }

  const shared: SequenceUniforms & { batch: number } = {
    batch,
    hidden: layout.hidden,
    outputSize,
    gateWidth,
    reverse: spec.reverse ? 1 : 0,
    aux: layout.state.aux,
    aux2: layout.state.aux2,
    ...params.offsets,
    ...reserveUniforms(layout),
  };
  const buffers = { params: params.tensor, projected, state, output, reserve };
  for (let step = 0; step < layout.activeSteps; step++) {
    const [hOld, cOld] = stateSlots(layout, oldSlot(step));
    const [hNew, cNew] = stateSlots(layout, newSlot(step));
    const uniforms = { ...shared, step, hOld, hNew, cOld, cNew };
    for (const phase of program.forward) {
      const weight = phase.weight === 'weight_hh' ? recurrent : projection!;
      const input = phase.input === 'h' ? hOld! : layout.state.aux;
      encodeTilePhase(ctx, program.key, phase, program.inputBias, { ...buffers, weight }, uniforms, input, phase.geometry(layout));
    }
  }

  const finalSlots = stateSlots(layout, oldSlot(layout.activeSteps));
  const finalState = initialState.map((s, k) => {
    const out = ctx.allocate(OP, 'float32', ctx.tensor(s).length);
    ctx.stream.copy(state.buffer, finalSlots[k]! * 4, out.buffer, 0, out.bytes);
    return out;
  });
  for (const t of [params.tensor, projected, state]) ctx.release(t);
  return { output: asHandle(output), state: finalState.map(asHandle), reserve: reserve === null ? null : asHandle(reserve), reserveSize: reserve === null ? 0 : layout.reserve.size };
}
