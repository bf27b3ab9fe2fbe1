/**
 * One LSTM step for every option and variant (Hochreiter & Schmidhuber 1997; forget gate:
 * Gers et al. 2000; peepholes: Gers et al. 2002; projection: Sak et al. 2014; variants:
 * Greff et al. 2015). With a = W_ih·x + b_ih + W_hh·h_{t−1} + b_hh split into rows i, f, g, o:
 *
 *     a_i += w_ci ⊙ c_{t−1},  a_f += w_cf ⊙ c_{t−1}                  (peephole)
 *     [a_i; a_f; a_o] += W_gg·[i; f; o]_{t−1}                        (FGR)
 *     i = σ_g(a_i)   f = σ_g(a_f)   g = σ_c(a_g)                      (NIG: i = 1; NFG: f = 1; CIFG: f = 1 − i)
 *     c_t = f ⊙ c_{t−1} + i ⊙ g
 *     a_o += w_co ⊙ c_t                                               (peephole: o sees the new cell)
 *     o = σ_g(a_o)                                                    (NOG: o = 1)
 *     h_t = o ⊙ σ_h(c_t),  then h_t = W_hr·h_t                        (projection)
 *
 * With memory blocks the gates are per block (see memory-blocks.ts).
 *
 * Reported to `observe`: 'input_gate' i, 'forget_gate' f (CIFG's coupled 1 − i), 'candidate' g
 * and 'output_gate' o, each gate only when the variant has it.
 */
import { add, concat, split, sub, type Tensor } from '@rnn/tensor';
import type { Observe } from '../../cell.js';
import { linear } from '../../gates/linear.js';
import type { GateParameterName } from '../../gates/parameters.js';
import type { MemoryBlocks } from './memory-blocks.js';
import type { VariantRule } from './variants.js';

export type LstmParameterName = GateParameterName | 'weight_hr' | 'weight_ci' | 'weight_cf' | 'weight_co' | 'weight_gg';

export interface LstmStepConfig {
  readonly hiddenSize: number;
  readonly blocks: MemoryBlocks;
  readonly rule: VariantRule;
  readonly bias: boolean;
  readonly peephole: boolean;
  readonly projection: boolean;
  /** σ_g, σ_c and σ_h, each already preceded by the cell clip when there is one. */
  readonly gate: (a: Tensor) => Tensor;
  readonly candidate: (a: Tensor) => Tensor;
  readonly cell: (c: Tensor) => Tensor;
}

/** `a` plus the terms that are present. */
const plus = (a: Tensor, ...terms: (Tensor | undefined)[]): Tensor => terms.reduce<Tensor>((sum, t) => (t === undefined ? sum : add(sum, t)), a);

export function lstmStep(
  config: LstmStepConfig,
  w: Readonly<Record<LstmParameterName, Tensor>>,
  x: Tensor,
  [hPrev, cPrev, gatesPrev]: readonly Tensor[],
  observe: Observe,
): Tensor[] {
  const { blocks, rule, bias } = config;
  const n = blocks.count;
  // Every gate from one matmul per operand, then split: rows i, f, g, o.
  const a = add(linear(x, w.weight_ih, bias ? w.bias_ih : undefined), linear(hPrev!, w.weight_hh, bias ? w.bias_hh : undefined));
  const [aInput, aForget, aCandidate, aOutput] = split(a, [n, n, config.hiddenSize, n], 1) as [Tensor, Tensor, Tensor, Tensor];
  const fromGates = rule.gateRecurrence ? split(linear(gatesPrev!, w.weight_gg), 3, 1) : [];
  const peephole = (weight: Tensor, cells: Tensor): Tensor | undefined => (config.peephole ? blocks.peephole(weight, cells) : undefined);

  // A removed gate is null: it is the constant 1, and its rows are never read.
  const i = rule.inputGate ? config.gate(plus(aInput, fromGates[0], peephole(w.weight_ci, cPrev!))) : null;
  const f =
    rule.forgetGate === 'learned'
      ? config.gate(plus(aForget, fromGates[1], peephole(w.weight_cf, cPrev!)))
      : rule.forgetGate === 'coupled'
        ? sub(1, i!) // CIFG keeps its input gate (variants.ts)
        : null;
  const g = config.candidate(aCandidate);
  const c = add(blocks.scale(f, cPrev!), blocks.scale(i, g));
  const o = rule.outputGate ? config.gate(plus(aOutput, fromGates[2], peephole(w.weight_co, c))) : null;
  if (i !== null) observe('input_gate', i);
  if (f !== null) observe('forget_gate', f);
  observe('candidate', g);
  if (o !== null) observe('output_gate', o);
  const cellOutput = blocks.scale(o, config.cell(c));
  const h = config.projection ? linear(cellOutput, w.weight_hr) : cellOutput;
  // FGR has all three gates (variants.ts); they are the next step's extra state.
  return rule.gateRecurrence ? [h, c, concat([i!, f!, o!], 1)] : [h, c];
}
