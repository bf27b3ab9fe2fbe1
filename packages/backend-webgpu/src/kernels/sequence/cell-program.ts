/**
 * The contract between the shared drivers (forward.ts, backward.ts) and a cell family (rnn.ts,
 * lstm.ts, gru.ts). The drivers own the buffers, the step loop, the input projection and every
 * whole-sequence weight gradient; a family describes its steps: which recurrent products each
 * step needs and the WGSL of its gate math, forward and backward side by side.
 *
 * WGSL bodies run with `b` (batch entry), `u` (unit) and `row` (the row of x this entry
 * consumes) in scope; `pastLength` runs instead for an entry past its length.
 */
import type { MatmulArgs } from '../matmul.js';
import type { SequenceLayout } from './layout.js';
import type { SequenceUniforms } from './shader-prelude.js';

/**
 * One forward dispatch of a step: a tile of (batch entries × units) computes `gates` recurrent
 * products per unit — rows `wRow0 + g·units + u` of `weight` against a state vector, through
 * workgroup memory — into `acc[g]`, then runs `body`.
 */
export interface ForwardPhase {
  readonly name: string;
  readonly gates: number;
  readonly weight: 'weight_hh' | 'weight_hr';
  /** The state vector: h before the step, or the `aux` scratch an earlier phase wrote. */
  readonly input: 'h' | 'aux';
  readonly geometry: (layout: SequenceLayout) => { readonly units: number; readonly inWidth: number; readonly wRow0: number };
  /** Whether `body` reads the input projection (`projected(row, j)`) and writes h (`writeH`). */
  readonly readsProjection: boolean;
  readonly writesH: boolean;
  readonly body: string;
  readonly pastLength: string;
}

/** Buffers a backward kernel may bind, by role. */
export type GradientBuffer = 'reserve' | 'dOutput' | 'dState' | 'step' | 'planes';

/** One elementwise backward dispatch of a step, one invocation per (entry, unit). */
export interface GradientKernel {
  readonly kind: 'kernel';
  readonly name: string;
  readonly units: (layout: SequenceLayout) => number;
  /** The buffers it binds after `params` (`dOutput` is dropped when no output gradient was given). */
  readonly buffers: readonly GradientBuffer[];
  readonly body: string;
  readonly pastLength: string;
}

/** Operands of a backward product, by role: the state-gradient or step buffer, or a weight. */
export type ProductBuffer = 'dState' | 'step' | 'weight_hh' | 'weight_hr';

/**
 * One product of a backward step, given the step's offsets: the dh slots of the state-gradient
 * buffer, the gate gradients and scratch (`aux`) of the step buffer, and the state-gradient
 * buffer's scratch (`aux2`).
 */
export interface GradientProduct {
  readonly kind: 'product';
  readonly args: (
    layout: SequenceLayout,
    at: Required<Pick<SequenceUniforms, 'hOld' | 'hNew' | 'aux' | 'aux2' | 'stepGates' | 'stepWidth'>>,
  ) => Omit<MatmulArgs, 'a' | 'b' | 'out'> & { readonly a: ProductBuffer; readonly b: ProductBuffer; readonly out: ProductBuffer };
}

/**
 * Row-order gradient planes of [T·B, width] the backward fills for the weight gradients after
 * the loop: the gate pre-activation gradients (always), the recurrent-side gate gradients where
 * they differ (gru), the gru candidate block alone (reset before), and a projected lstm's dL/dh
 * and m = o ⊙ tanh(c).
 */
export interface GradientPlaneWidths {
  readonly recurrent: number;
  readonly candidate: number;
  readonly output: number;
  readonly cellOutput: number;
}

/** weight_hh rows [first, first + count) get gradient ᵀ · operand over all rows (and bias_hh their column sums). */
export interface RecurrentBlock {
  readonly first: number;
  readonly count: number;
  readonly gradient: 'planeGates' | 'planeRecurrent' | 'planeCandidate';
  /** The reserve plane the rows multiply: h before the step, or the family's extra plane. */
  readonly operand: 'previousH' | 'extra';
}

export interface CellProgram {
  /** Everything about the configuration that changes the WGSL. */
  readonly key: string;
  /** `fn inputBias(j: u32) -> f32`'s body expression: the bias added to projected column j. */
  readonly inputBias: string;
  readonly forward: readonly ForwardPhase[];
  /** Columns of the step buffer's gate gradients, the left operand of the dh_{t−1} product. */
  readonly stepWidth: (layout: SequenceLayout) => number;
  readonly backward: readonly (GradientKernel | GradientProduct)[];
  readonly planes: (layout: SequenceLayout) => GradientPlaneWidths;
  readonly recurrentBlocks: (layout: SequenceLayout) => readonly RecurrentBlock[];
}

/** The WGSL statement saving `value` at reserve element `index`, or nothing outside training. */
export const saver =
  (training: boolean) =>
  (index: string, value: string): string =>
    training ? `reserve[${index}] = ${value};` : '';
