/**
 * Sizes of a fused sequence run and where everything lives in the buffers the kernels share:
 * the training reserve, the running state, and the backward pass's scratch. All offsets are in
 * elements (4 bytes each) and travel to the shaders as uniforms.
 */
import type { SequenceSpec } from '@rnn/tensor/backend';
import { fusedSequenceLayout } from '@rnn/tensor/kernels';
import type { SequenceUniforms } from './shader-prelude.js';

/**
 * The reserve, in planes of T·B rows (row t·B + b, the order of x): the gate activations
 * (G·H wide), h before the step, the lstm's c before the step, and one H-wide extra plane —
 * lstm: c after the step; gru: W_hn h + b_hn (reset after) or r ⊙ h (reset before). -1 where
 * the family has no such plane.
 */
export interface ReservePlanes {
  readonly gates: number;
  readonly previousH: number;
  readonly previousC: number;
  readonly extra: number;
  readonly size: number;
}

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

export interface SequenceLayout {
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  /** H: the width of each gate block and of the lstm's cell state. */
  readonly hidden: number;
  /** The width of h and of each output row: projSize for a projected lstm, else H. */
  readonly outputSize: number;
  /** P > 0 for a projected lstm, else 0. */
  readonly projSize: number;
  /** G·H: the rows of weight_ih and weight_hh. */
  readonly gateWidth: number;
  /** T·B. */
  readonly rows: number;
  /** Steps in which some entry still runs: the longest length. */
  readonly activeSteps: number;
  /** How many states the cell has (lstm: h and c; else h), and the width of each. */
  readonly stateCount: number;
  readonly stateSizes: readonly number[];
  readonly reserve: ReservePlanes;
  readonly state: StatePlanes;
}

export function sequenceLayout(spec: SequenceSpec): SequenceLayout {
  const { cell, batch, lengths } = spec;
  // The cpu backend's sizes and reserve, so every backend keeps the same reserve: lstm and gru add one plane.
  const base = fusedSequenceLayout(spec, cell.kind === 'rnn' ? 0 : 1);
  const { previousStates, extras, size } = base.reserve;
  const { hiddenSize: hidden, outputSize } = base;
  const lstm = cell.kind === 'lstm';
  const hSlot = batch * outputSize;
  const cSlot = lstm ? batch * hidden : 0;
  const aux = 2 * hSlot + 2 * cSlot;
  return {
    steps: base.steps,
    batch,
    inputSize: base.inputSize,
    hidden,
    outputSize,
    projSize: lstm && cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : 0,
    gateWidth: base.gateWidth,
    rows: base.rows,
    stateCount: base.stateSizes.length,
    stateSizes: base.stateSizes,
    activeSteps: lengths === null ? base.steps : lengths.reduce((longest, n) => Math.max(longest, n), 0),
    reserve: { gates: 0, previousH: previousStates[0]!, previousC: previousStates[1] ?? -1, extra: extras[0] ?? -1, size },
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
