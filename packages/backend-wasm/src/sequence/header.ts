/**
 * The shared header of the forward and backward parameter blocks (SequenceArgs): the run's
 * sizes and options, the packed and peephole weights, the reserve planes and the packing scratch.
 */
import type { SequenceSpec } from '@rnn/tensor/backend';
import type { SequenceHeader } from './args.js';
import type { SequenceLayout } from './layout.js';
import type { PackedCell } from './packed-weights.js';
import type { CellBuffers } from './weights.js';

export interface HeaderSources {
  readonly spec: SequenceSpec;
  readonly layout: SequenceLayout;
  readonly packed: PackedCell;
  readonly weights: CellBuffers;
  /** Byte offsets of the reserve planes (0: absent). */
  readonly planes: { readonly gates: number; readonly previousH: number; readonly previousC: number; readonly extra: number };
  /** Byte offsets of the lengths, packing scratch and edge tiles. */
  readonly scratch: { readonly lengths: number; readonly packed: number; readonly packedStride: number; readonly tile: number };
}

export function sequenceHeader({ spec, layout, packed, weights: w, planes, scratch }: HeaderSources): SequenceHeader {
  return {
    family: layout.family,
    steps: layout.steps,
    batch: layout.batch,
    inputSize: layout.inputSize,
    hidden: layout.hidden,
    outputSize: layout.outputSize,
    reverse: spec.reverse ? 1 : 0,
    cifg: spec.cell.cifg === true ? 1 : 0,
    inputWeights: packed.input,
    recurrentWeights: packed.recurrent,
    candidateWeights: packed.candidate,
    projectionWeights: packed.projection,
    peepholeInput: w.peepholeInput?.ptr ?? 0,
    peepholeForget: w.peepholeForget?.ptr ?? 0,
    peepholeOutput: w.peepholeOutput?.ptr ?? 0,
    ...planes,
    ...scratch, // lengths, packed, packedStride, tile
  };
}
