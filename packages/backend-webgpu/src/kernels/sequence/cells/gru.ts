/**
 * The gru (gate rows r, z, n), in both published forms:
 *
 *   reset after (PyTorch, cuDNN): n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   reset before (Cho et al. 2014): n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 *
 * Reset after is one dispatch per step, with b_hn kept out of the input projection's bias.
 * Reset before needs every unit's r ⊙ h before the n product, so its step is two dispatches:
 * r and z (writing r ⊙ h and z to the scratch), then n and h.
 *
 * The reserve keeps r, z, n and one extra plane: W_hn h + b_hn (reset after) or r ⊙ h_{t−1}
 * (reset before).
 */
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { saver, type CellProgram, type ForwardPhase, type GradientKernel } from '../cell-program.js';
import { inputBias, recurrentInputGradient } from './shared.js';

/** WGSL shared by the forward bodies: r and z from their gate blocks, and h_{t−1}. */
const RESET_UPDATE = /* wgsl */ `
  let H = seq.hidden;
  let hPrevious = state[seq.hOld + b * H + u];
  let r = sigmoid(projected(row, u) + acc[0]);
  let z = sigmoid(projected(row, H + u) + acc[1]);`;

/** WGSL shared by the backward bodies: dL/da_z and dL/da_n from dL/dh_t, and the carried z ⊙ dL/dh_t. */
const UPDATE_CANDIDATE_GRADIENTS = /* wgsl */ `
  let H = seq.hidden;
  let dh = incomingH(b, u, row);
  let z = savedGate(row, 1u, u);
  let n = savedGate(row, 2u, u);
  let daz = dh * (savedPlane(seq.resPrevH, row, u) - n) * z * (1.0 - z);
  let dan = dh * (1.0 - z) * (1.0 - n * n);
  setPlaneGate(row, 1u, u, daz);
  setPlaneGate(row, 2u, u, dan);
  setRecurrentGate(row, 1u, u, daz);
  setStepGate(b, 1u, u, daz);
  dState[seq.hNew + b * H + u] = dh * z;`;

export function gruProgram(cell: FusedCellConfig, training: boolean): CellProgram {
  const resetAfter = cell.resetAfter !== false;
  const save = saver(training);
  const gate = (g: number, value: string): string => save(`seq.resGates + gateIndex(row, ${g}u, u)`, value);
  const gates = (count: number, name: string, wRow0: (hidden: number) => number, input: 'h' | 'aux', writesH: boolean, body: string, pastLength: string): ForwardPhase => ({
    name,
    gates: count,
    weight: 'weight_hh',
    input,
    geometry: (l) => ({ units: l.hidden, inWidth: l.hidden, wRow0: wRow0(l.hidden) }),
    readsProjection: true,
    writesH,
    body,
    pastLength,
  });
  const hiddenBias = cell.bias ? ' + params[seq.biasHh + 2u * H + u]' : '';

  const forward = resetAfter
    ? [
        gates(3, 'step', () => 0, 'h', true, /* wgsl */ `${RESET_UPDATE}
  let hiddenCandidate = acc[2]${hiddenBias};
  let n = tanhStable(projected(row, 2u * H + u) + r * hiddenCandidate);
  ${gate(0, 'r')} ${gate(1, 'z')} ${gate(2, 'n')}
  ${save('seq.resExtra + row * H + u', 'hiddenCandidate')}
  writeH(b, u, row, (1.0 - z) * n + z * hPrevious);`, 'carryH(b, u);'),
      ]
    : [
        gates(2, 'reset', () => 0, 'h', false, /* wgsl */ `${RESET_UPDATE}
  state[seq.aux + b * H + u] = r * hPrevious;
  state[seq.aux2 + b * H + u] = z;
  ${gate(0, 'r')} ${gate(1, 'z')}
  ${save('seq.resExtra + row * H + u', 'r * hPrevious')}`, ''),
        gates(1, 'candidate', (hidden) => 2 * hidden, 'aux', true, /* wgsl */ `
  let H = seq.hidden;
  let z = state[seq.aux2 + b * H + u];
  let n = tanhStable(projected(row, 2u * H + u) + acc[0]);
  ${gate(2, 'n')}
  writeH(b, u, row, (1.0 - z) * n + z * state[seq.hOld + b * H + u]);`, 'carryH(b, u);'),
      ];

  // Reset after: the recurrent side of the n block is r ⊙ dL/da_n (the reset product).
  const afterGradients: GradientKernel = {
    kind: 'kernel',
    name: 'gates',
    units: (l) => l.hidden,
    buffers: ['reserve', 'dOutput', 'dState', 'step', 'planes'],
    body: /* wgsl */ `${UPDATE_CANDIDATE_GRADIENTS}
  let r = savedGate(row, 0u, u);
  let dar = dan * savedPlane(seq.resExtra, row, u) * r * (1.0 - r);
  setPlaneGate(row, 0u, u, dar);
  setRecurrentGate(row, 0u, u, dar);
  setRecurrentGate(row, 2u, u, dan * r);
  setStepGate(b, 0u, u, dar);
  setStepGate(b, 2u, u, dan * r);`,
    pastLength: 'for (var g = 0u; g < 3u; g++) { setStepGate(b, g, u, 0.0); } passH(b, u);',
  };
  // Reset before: dL/da_n first goes through W_hn to dL/d(r ⊙ h), which r and h_{t−1} share.
  const beforeUpdateCandidate: GradientKernel = {
    kind: 'kernel',
    name: 'update-candidate',
    units: (l) => l.hidden,
    buffers: ['reserve', 'dOutput', 'dState', 'step', 'planes'],
    body: /* wgsl */ `${UPDATE_CANDIDATE_GRADIENTS}
  planes[seq.planeCandidate + row * H + u] = dan;
  stepGrads[seq.aux + b * H + u] = dan;`,
    pastLength: 'setStepGate(b, 0u, u, 0.0); setStepGate(b, 1u, u, 0.0); passH(b, u);',
  };
  const beforeReset: GradientKernel = {
    kind: 'kernel',
    name: 'reset',
    units: (l) => l.hidden,
    buffers: ['reserve', 'dState', 'step', 'planes'],
    body: /* wgsl */ `
  let r = savedGate(row, 0u, u);
  let dResetHidden = dState[seq.aux2 + b * seq.hidden + u];
  let dar = dResetHidden * savedPlane(seq.resPrevH, row, u) * r * (1.0 - r);
  setPlaneGate(row, 0u, u, dar);
  setRecurrentGate(row, 0u, u, dar);
  setStepGate(b, 0u, u, dar);
  dState[seq.hNew + b * seq.hidden + u] += dResetHidden * r;`,
    pastLength: '',
  };

  return {
    key: `gru:${resetAfter ? 'after' : 'before'}:${cell.bias}`,
    inputBias: inputBias(cell, resetAfter ? '2u * seq.hidden' : null),
    forward,
    stepWidth: (l) => (resetAfter ? 3 : 2) * l.hidden,
    backward: resetAfter
      ? [afterGradients, recurrentInputGradient]
      : [
          beforeUpdateCandidate,
          {
            kind: 'product',
            args: (l, at) => ({ a: 'step', aOffset: at.aux, transposeA: false, b: 'weight_hh', bOffset: 2 * l.hidden * l.hidden, transposeB: false, out: 'dState', outOffset: at.aux2, m: l.batch, n: l.hidden, k: l.hidden }),
          },
          beforeReset,
          recurrentInputGradient,
        ],
    planes: (l) => ({ recurrent: (resetAfter ? 3 : 2) * l.hidden, candidate: resetAfter ? 0 : l.hidden, output: 0, cellOutput: 0 }),
    recurrentBlocks: (l) =>
      resetAfter
        ? [{ first: 0, count: 3 * l.hidden, gradient: 'planeRecurrent', operand: 'previousH' }]
        : [
            { first: 0, count: 2 * l.hidden, gradient: 'planeRecurrent', operand: 'previousH' },
            { first: 2 * l.hidden, count: l.hidden, gradient: 'planeCandidate', operand: 'extra' },
          ],
  };
}
