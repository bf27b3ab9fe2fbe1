/**
 * Pieces the families share: the input bias of every projected column, the one backward product
 * all of them end a step with, and the whole-weight_hh recurrent block.
 */
import type { FusedCellConfig } from '@rnn/tensor/backend';
import type { GradientProduct, RecurrentBlock } from '../cell-program.js';

/**
 * b_ih + b_hh for every column, except columns from `recurrentOnlyFrom` (a WGSL u32 expression)
 * on, which get b_ih only: a bias that must stay inside a recurrent product (the gru's b_hn).
 */
export function inputBias(cell: FusedCellConfig, recurrentOnlyFrom: string | null = null): string {
  if (!cell.bias) return '0.0';
  const recurrent = recurrentOnlyFrom === null ? 'params[seq.biasHh + j]' : `select(params[seq.biasHh + j], 0.0, j >= ${recurrentOnlyFrom})`;
  return `params[seq.biasIh + j] + ${recurrent}`;
}

/**
 * dL/dh_{t−1} += the step's gate gradients · weight_hh (its first `stepWidth` rows): entries past
 * their length have zero gate gradients there, so their passed-through gradient is untouched.
 */
export const recurrentInputGradient: GradientProduct = {
  kind: 'product',
  args: (layout, at) => ({
    a: 'step',
    aOffset: at.stepGates,
    transposeA: false,
    b: 'weight_hh',
    transposeB: false,
    out: 'dState',
    outOffset: at.hNew,
    m: layout.batch,
    n: layout.outputSize,
    k: at.stepWidth,
    accumulate: true,
  }),
};

/** All of weight_hh against h_{t−1}, with the gate gradients as they are (rnn, lstm). */
export const wholeRecurrentBlock = (gateWidth: number): RecurrentBlock[] => [{ first: 0, count: gateWidth, gradient: 'planeGates', operand: 'previousH' }];
