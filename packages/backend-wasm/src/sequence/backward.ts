/**
 * `rnnSequenceBackward` in float32, in two parallel phases (one runner call each): phase 1 runs
 * the recurrence backwards over the batch entries — gate gradients for every step, dx and the
 * initial states' gradients — and phase 2 sums over all T·B rows for every weight gradient
 * (gradient-tasks.ts).
 */
import type { FusedSequenceBackward, SequenceSpec, TensorSpec } from '@rnn/tensor/backend';
import { batchRowGrain, grainForFlops } from '../runner.js';
import { asBuffer, asHandle } from '../storage.js';
import { BACKWARD_FIELDS, taskItems, TASK_HEADER_WORDS, TASK_WORDS, writeArgs, writeTasks } from './args.js';
import { packedScratch, TILE_FLOATS, type SavedSequence, type SequenceContext } from './context.js';
import { columnReadStride, gradientTasks, type Planes } from './gradient-tasks.js';
import { FAMILY, sequenceLayout, type SequenceLayout } from './layout.js';
import type { PackedCell, PackedWeights } from './packed-weights.js';
import { Scratch } from './scratch.js';
import { cellBuffers, type CellBuffers } from './weights.js';
import { sequenceHeader } from './header.js';

/** The weights as the backward's products read them: op(B) = W of dGates·W. */
function backwardPacks(packs: PackedWeights, layout: SequenceLayout, w: CellBuffers): PackedCell {
  const { inputSize: I, hidden: H, outputSize, gateWidth, projSize, family } = layout;
  const resetBefore = family === FAMILY.gruResetBefore;
  return {
    input: packs.get(w.input, { offset: 0, ld: I, transposed: false, k: gateWidth, n: I }),
    recurrent: packs.get(w.recurrent, { offset: 0, ld: outputSize, transposed: false, k: resetBefore ? 2 * H : gateWidth, n: outputSize }),
    candidate: resetBefore ? packs.get(w.recurrent, { offset: 2 * H * H, ld: H, transposed: false, k: H, n: H }) : 0,
    projection: w.projection === null ? 0 : packs.get(w.projection, { offset: 0, ld: H, transposed: false, k: projSize, n: H }),
  };
}

export function sequenceBackward(
  ctx: SequenceContext,
  spec: SequenceSpec,
  saved: SavedSequence,
  dOutput: TensorSpec | null,
  dState: readonly (TensorSpec | null)[],
): FusedSequenceBackward {
  const { storage, runner, packs } = ctx;
  const layout = sequenceLayout(spec);
  const { family, batch: B, inputSize: I, hidden: H, outputSize, projSize, gateWidth, rows, reserve: planes } = layout;
  const w = cellBuffers(spec.cell, saved.weights);
  const lstm = family === FAMILY.lstm;
  const dx = storage.allocate('float32', rows * I);
  const dInitialState = layout.stateSizes.map((size) => storage.allocate('float32', B * size));
  const dWeights = Object.fromEntries(Object.entries(saved.weights).map(([name, t]) => [name, storage.allocate('float32', asBuffer(t.handle).length)]));
  const made = [dx, ...dInitialState, ...Object.values(dWeights)];
  try {
    const packed = backwardPacks(packs, layout, w);
    const reserve = asBuffer(saved.reserve.handle).ptr;
    const plane = (offset: number): number => (offset < 0 ? 0 : reserve + offset * 4);
    const stride = Math.max(gateWidth, outputSize);
    const strides = {
      dGates: columnReadStride(gateWidth),
      dCandidate: family === FAMILY.gru ? columnReadStride(H) : 0,
      dProjected: columnReadStride(projSize),
    };
    const scratch = new Scratch(storage, {
      args: BACKWARD_FIELDS.length,
      lengths: spec.lengths === null ? 0 : B,
      dGates: rows * strides.dGates,
      dCandidate: rows * strides.dCandidate,
      dProjected: rows * strides.dProjected,
      cellOutputs: projSize > 0 ? rows * H : 0,
      dhNext: B * outputSize,
      stepGates: B * gateWidth,
      aux: projSize > 0 || family === FAMILY.gruResetBefore ? B * H : 0,
      packed: packedScratch(B, stride),
      tile: B * TILE_FLOATS,
    });
    try {
      const p: Planes = {
        x: asBuffer(saved.x.handle).ptr,
        dGates: scratch.ptr('dGates'),
        dGatesStride: strides.dGates,
        dCandidate: scratch.ptr('dCandidate'),
        dCandidateStride: strides.dCandidate,
        dProjected: scratch.ptr('dProjected'),
        dProjectedStride: strides.dProjected,
        cellOutputs: scratch.ptr('cellOutputs'),
        previousH: plane(planes.previousH),
        previousC: plane(planes.previousC),
        extra: plane(planes.extra),
      };
      const tasks = gradientTasks(layout, p, dWeights);
      const taskWords = storage.allocate('int32', TASK_HEADER_WORDS + TASK_WORDS * tasks.length);
      try {
        // Every allocation is done: views from here on stay attached.
        if (spec.lengths !== null) scratch.words('lengths', B).set(spec.lengths);
        writeTasks(storage.view(taskWords) as Int32Array, rows, tasks);
        const given = (t: TensorSpec | null | undefined): number => (t === null || t === undefined ? 0 : asBuffer(t.handle).ptr);
        writeArgs(scratch.words('args', BACKWARD_FIELDS.length), BACKWARD_FIELDS, {
          ...sequenceHeader({
            spec,
            layout,
            packed,
            weights: w,
            planes: { gates: plane(planes.gates), previousH: p.previousH, previousC: p.previousC, extra: p.extra },
            scratch: { lengths: scratch.ptr('lengths'), packed: scratch.ptr('packed'), packedStride: stride, tile: scratch.ptr('tile') },
          }),
          dOutput: given(dOutput),
          dhFinal: given(dState[0]),
          dcFinal: lstm ? given(dState[1]) : 0,
          dh: dInitialState[0]!.ptr,
          dc: lstm ? dInitialState[1]!.ptr : 0,
          dx: dx.ptr,
          dGates: p.dGates,
          dCandidate: p.dCandidate,
          dProjected: p.dProjected,
          cellOutputs: p.cellOutputs,
          dhNext: scratch.ptr('dhNext'),
          stepGates: scratch.ptr('stepGates'),
          aux: scratch.ptr('aux'),
          dGatesStride: p.dGatesStride,
          dCandidateStride: p.dCandidateStride,
          dProjectedStride: p.dProjectedStride,
        });
        runner.run('sequenceBackward', scratch.ptr('args'), B, batchRowGrain(B, H));
        // A product's work item is a 4-row block of dW: 8 multiply-adds per row of T·B per column.
        runner.run('sequenceWeightGradients', taskWords.ptr, taskItems(tasks), grainForFlops(8 * rows * Math.min(I, outputSize)));
      } finally {
        storage.release(taskWords);
      }
    } finally {
      scratch.release();
    }
  } catch (error) {
    for (const buffer of made) storage.release(buffer);
    throw error;
  }
  return {
    dx: asHandle(dx),
    dInitialState: dInitialState.map(asHandle),
    dWeights: Object.fromEntries(Object.entries(dWeights).map(([name, buffer]) => [name, asHandle(buffer)])),
  };
}
