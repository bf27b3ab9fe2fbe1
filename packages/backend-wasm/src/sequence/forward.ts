/**
 * `rnnSequence` in float32: outputs, reserve and scratch are allocated here, the weights packed
 * (or found in the cache), and the whole layer direction is one call of the `sequenceForward`
 * kernel over the batch entries.
 */
import type { FusedSequenceForward, SequenceSpec, SequenceWeights, TensorSpec } from '@rnn/tensor/backend';
import { batchRowGrain } from '../runner.js';
import { asBuffer, asHandle, type WasmBuffer } from '../storage.js';
import { FORWARD_FIELDS, writeArgs } from './args.js';
import { packedScratch, TILE_FLOATS, type SequenceContext } from './context.js';
import { FAMILY, sequenceLayout, type SequenceLayout } from './layout.js';
import type { PackedCell, PackedWeights } from './packed-weights.js';
import { Scratch } from './scratch.js';
import { cellBuffers, type CellBuffers } from './weights.js';
import { sequenceHeader } from './header.js';

/** The weights as the forward's products read them: op(B) = Wᵀ of h·Wᵀ. */
function forwardPacks(packs: PackedWeights, layout: SequenceLayout, w: CellBuffers): PackedCell {
  const { inputSize: I, hidden: H, outputSize, gateWidth, projSize, family } = layout;
  const resetBefore = family === FAMILY.gruResetBefore;
  return {
    input: packs.get(w.input, { offset: 0, ld: I, transposed: true, k: I, n: gateWidth }),
    // Reset before multiplies h by the r and z rows, and r ⊙ h by the n rows.
    recurrent: packs.get(w.recurrent, { offset: 0, ld: outputSize, transposed: true, k: outputSize, n: resetBefore ? 2 * H : gateWidth }),
    candidate: resetBefore ? packs.get(w.recurrent, { offset: 2 * H * H, ld: H, transposed: true, k: H, n: H }) : 0,
    projection: w.projection === null ? 0 : packs.get(w.projection, { offset: 0, ld: H, transposed: true, k: H, n: projSize }),
  };
}

/**
 * b_ih + b_hh, added once per gate pre-activation (cuDNN's pre-summed bias); for the reset-after
 * GRU the n block takes b_ih only, b_hn staying inside the reset product. Zeros without bias.
 */
function writeBiases(layout: SequenceLayout, w: CellBuffers, view: (b: WasmBuffer) => Float32Array, bias: Float32Array, candidateBias: Float32Array): void {
  if (w.inputBias === null || w.recurrentBias === null) {
    bias.fill(0);
    candidateBias.fill(0);
    return;
  }
  const [inputBias, recurrentBias] = [view(w.inputBias), view(w.recurrentBias)];
  const presummed = layout.family === FAMILY.gru ? 2 * layout.hidden : layout.gateWidth;
  for (let j = 0; j < layout.gateWidth; j++) bias[j] = inputBias[j]! + (j < presummed ? recurrentBias[j]! : 0);
  candidateBias.set(recurrentBias.subarray(presummed, layout.gateWidth));
}

export function sequenceForward(ctx: SequenceContext, spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward {
  const { storage, runner, packs } = ctx;
  const layout = sequenceLayout(spec);
  const { family, batch: B, hidden: H, outputSize, gateWidth, rows, reserve: planes } = layout;
  const w = cellBuffers(spec.cell, weights);
  const lstm = family === FAMILY.lstm;
  const output = storage.allocate('float32', rows * outputSize);
  const state = layout.stateSizes.map((size) => storage.allocate('float32', B * size));
  const reserve = spec.training ? storage.allocate('float32', planes.size) : null;
  const made = [output, ...state, ...(reserve === null ? [] : [reserve])];
  try {
    const packed = forwardPacks(packs, layout, w);
    const plane = (offset: number): number => (reserve === null || offset < 0 ? 0 : reserve.ptr + offset * 4);
    const secondProduct = layout.projSize > 0 || family === FAMILY.gruResetBefore;
    const stride = Math.max(layout.inputSize, outputSize, H);
    const scratch = new Scratch(storage, {
      args: FORWARD_FIELDS.length,
      lengths: spec.lengths === null ? 0 : B,
      bias: gateWidth,
      candidateBias: family === FAMILY.gru ? H : 0,
      projected: reserve === null ? rows * gateWidth : 0,
      recurrent: B * gateWidth,
      aux: secondProduct ? B * H : 0,
      auxOut: layout.projSize > 0 ? B * outputSize : 0,
      packed: packedScratch(B, stride),
      tile: B * TILE_FLOATS,
    });
    try {
      // Every allocation is done: views from here on stay attached.
      writeBiases(layout, w, (b) => storage.view(b) as Float32Array, scratch.floats('bias', gateWidth), scratch.floats('candidateBias', family === FAMILY.gru ? H : 0));
      if (spec.lengths !== null) scratch.words('lengths', B).set(spec.lengths);
      const gates = plane(planes.gates);
      writeArgs(scratch.words('args', FORWARD_FIELDS.length), FORWARD_FIELDS, {
        ...sequenceHeader({
          spec,
          layout,
          packed,
          weights: w,
          planes: { gates, previousH: plane(planes.previousH), previousC: plane(planes.previousC), extra: plane(planes.extra) },
          scratch: { lengths: scratch.ptr('lengths'), packed: scratch.ptr('packed'), packedStride: stride, tile: scratch.ptr('tile') },
        }),
        x: asBuffer(x.handle).ptr,
        output: output.ptr,
        h0: asBuffer(initialState[0]!.handle).ptr,
        c0: lstm ? asBuffer(initialState[1]!.handle).ptr : 0,
        h: state[0]!.ptr,
        c: lstm ? state[1]!.ptr : 0,
        bias: scratch.ptr('bias'),
        candidateBias: scratch.ptr('candidateBias'),
        // In training the projection is computed straight into the gate plane, then overwritten in place by the activations.
        projected: reserve === null ? scratch.ptr('projected') : gates,
        recurrent: scratch.ptr('recurrent'),
        aux: scratch.ptr('aux'),
        auxOut: scratch.ptr('auxOut'),
      });
      runner.run('sequenceForward', scratch.ptr('args'), B, batchRowGrain(B, H));
    } finally {
      scratch.release();
    }
  } catch (error) {
    for (const buffer of made) storage.release(buffer);
    throw error;
  }
  return { output: asHandle(output), state: state.map(asHandle), reserve: reserve === null ? null : asHandle(reserve), reserveSize: reserve === null ? 0 : planes.size };
}
