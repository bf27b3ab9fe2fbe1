/**
 * The Elman rnn: h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), act tanh or relu. The
 * reserve's gate plane holds h_t itself, which gives act′: 1 − h² for tanh, [h > 0] for relu.
 */
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { saver, type CellProgram } from '../cell-program.js';
import { inputBias, recurrentInputGradient, wholeRecurrentBlock } from './shared.js';

export function rnnProgram(cell: FusedCellConfig, training: boolean): CellProgram {
  const relu = cell.nonlinearity === 'relu';
  const save = saver(training);
  return {
    key: `rnn:${relu ? 'relu' : 'tanh'}:${cell.bias}`,
    inputBias: inputBias(cell),
    forward: [
      {
        name: 'step',
        gates: 1,
        weight: 'weight_hh',
        input: 'h',
        geometry: (l) => ({ units: l.hidden, inWidth: l.hidden, wRow0: 0 }),
        readsProjection: true,
        writesH: true,
        body: /* wgsl */ `
  let a = projected(row, u) + acc[0];
  let h = ${relu ? 'max(a, 0.0)' : 'tanhStable(a)'};
  ${save('seq.resGates + gateIndex(row, 0u, u)', 'h')}
  writeH(b, u, row, h);`,
        pastLength: 'carryH(b, u);',
      },
    ],
    stepWidth: (l) => l.gateWidth,
    backward: [
      {
        kind: 'kernel',
        name: 'gates',
        units: (l) => l.hidden,
        buffers: ['reserve', 'dOutput', 'dState', 'step', 'planes'],
        body: /* wgsl */ `
  let h = savedGate(row, 0u, u);
  let slope = ${relu ? 'select(0.0, 1.0, h > 0.0)' : '1.0 - h * h'};
  let d = incomingH(b, u, row) * slope;
  setStepGate(b, 0u, u, d);
  setPlaneGate(row, 0u, u, d);
  dState[seq.hNew + b * seq.outputSize + u] = 0.0;`,
        pastLength: 'setStepGate(b, 0u, u, 0.0); passH(b, u);',
      },
      recurrentInputGradient,
    ],
    planes: () => ({ recurrent: 0, candidate: 0, output: 0, cellOutput: 0 }),
    recurrentBlocks: (l) => wholeRecurrentBlock(l.gateWidth),
  };
}
