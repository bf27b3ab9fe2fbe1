/**
 * The LSTM variants of Greff et al. 2015, "LSTM: A Search Space Odyssey" (§3), each one change
 * to the vanilla LSTM, as a table. The weight layout never changes: the rows of a removed gate
 * stay in `weight_ih`/`weight_hh`/biases, unused, so their gradient is zero and weights move
 * between variants unchanged.
 */
import type { Activation } from '../../gates/activations.js';

export type LstmVariant = 'vanilla' | 'NIG' | 'NFG' | 'NOG' | 'NIAF' | 'NOAF' | 'NP' | 'CIFG' | 'FGR';

export interface VariantRule {
  /** false: NIG, i = 1. */
  readonly inputGate: boolean;
  /** 'none': NFG, f = 1; 'coupled': CIFG, f = 1 − i (Cho et al.'s GRU-style coupling). */
  readonly forgetGate: 'learned' | 'none' | 'coupled';
  /** false: NOG, o = 1. */
  readonly outputGate: boolean;
  /** NIAF forces the candidate g = a_g; NOAF forces h = o ⊙ c. */
  readonly candidateActivation?: Activation;
  readonly cellActivation?: Activation;
  /** NP: no peepholes. */
  readonly peephole?: false;
  /** FGR: [a_i; a_f; a_o] += W_gg·[i; f; o]_{t−1}, the previous step's gate activations. */
  readonly gateRecurrence: boolean;
}

const vanilla: VariantRule = { inputGate: true, forgetGate: 'learned', outputGate: true, gateRecurrence: false };

export const variantRules: Readonly<Record<LstmVariant, VariantRule>> = {
  vanilla,
  NIG: { ...vanilla, inputGate: false },
  NFG: { ...vanilla, forgetGate: 'none' },
  NOG: { ...vanilla, outputGate: false },
  NIAF: { ...vanilla, candidateActivation: 'identity' },
  NOAF: { ...vanilla, cellActivation: 'identity' },
  NP: { ...vanilla, peephole: false },
  CIFG: { ...vanilla, forgetGate: 'coupled' },
  FGR: { ...vanilla, gateRecurrence: true },
};

export const lstmVariants = Object.keys(variantRules) as LstmVariant[];
