/**
 * Sizes of a fused sequence run and where everything lives in the buffers the kernels share:
 * the training reserve, the running state, and the backward pass's scratch. All offsets are in
 * elements (4 bytes each) and travel to the shaders as uniforms.
 */
import type { SequenceSpec } from '@rnn/tensor/backend';
import { fusedSequencePlanes, type SequencePlanes } from '@rnn/tensor/kernels';
import type { SequenceUniforms } from './shader-prelude.js';

/**
 * The running state, ping-ponged between two slots per step so that every workgroup reads the
 * old state while others write the new one; `aux` and `aux2` are B·H of per-step scratch (the
 * lstm's m before its projection; the reset-before gru's r ⊙ h and z; backward: dL/d(r ⊙ h)).
 */
export interface StatePlanes {
  readonly h: readonly [number, number];
  readonly c: readonly [number, number];
  readonly aux: number;
  readonly aux2: number;
  readonly size: number;
}

/** The shared planes plus where the running state lives and how many steps run. */
export interface SequenceLayout extends SequencePlanes {
  /** Steps in which some entry still runs: the longest length. */
  readonly activeSteps: number;
  /** How many states the cell has (lstm: h and c; else h). */
  readonly stateCount: number;
  readonly state: StatePlanes;
}

export function sequenceLayout(spec: SequenceSpec): SequenceLayout {
  const planes = fusedSequencePlanes(spec);
  const { batch, hidden, outputSize, steps, stateSizes } = planes;
  const hSlot = batch * outputSize;
  const cSlot = spec.cell.kind === 'lstm' ? batch * hidden : 0;
  const aux = 2 * hSlot + 2 * cSlot;
  return {
    ...planes,
    stateCount: stateSizes.length,
    activeSteps: spec.lengths === null ? steps : spec.lengths.reduce((longest, n) => Math.max(longest, n), 0),
    state: { h: [0, hSlot], c: [2 * hSlot, 2 * hSlot + cSlot], aux, aux2: aux + batch * hidden, size: aux + 2 * batch * hidden },
  };
}

/** The state slot read at step `step` (the other one is written). */
export const oldSlot = (step: number): 0 | 1 => (step % 2 === 0 ? 0 : 1);
export const newSlot = (step: number): 0 | 1 => (step % 2 === 0 ? 1 : 0);

/** Where each state (in the cell's order) lives in slot `slot` of a state buffer. */
export const stateSlots = (layout: SequenceLayout, slot: 0 | 1): number[] => [layout.state.h[slot], layout.state.c[slot]].slice(0, layout.stateCount);

/** The reserve's planes as uniforms (a plane the family lacks reads as 0, never as -1). */
export function reserveUniforms(layout: SequenceLayout): SequenceUniforms {
  const { gates, previousH, previousC, extra } = layout.reserve;
  return { resGates: gates, resPrevH: previousH, resPrevC: Math.max(previousC, 0), resExtra: Math.max(extra, 0) };
}
