/**
 * The lstm (gate rows i, f, g, o) with the options of Greff et al. (2015), in any combination:
 * peepholes a_i += w_ci ⊙ c_{t−1}, a_f += w_cf ⊙ c_{t−1}, a_o += w_co ⊙ c_t; cifg f = 1 − i;
 * projection h_t = W_hr m_t with m_t = o ⊙ tanh(c_t). The projection needs every unit's m_t,
 * so a projected step takes a second dispatch (one more recurrent-tile phase over W_hr).
 *
 * The reserve keeps i, f, g, o, c_{t−1} and c_t (the extra plane).
 */
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { saver, type CellProgram, type ForwardPhase, type GradientKernel, type GradientProduct } from '../cell-program.js';
import { inputBias, recurrentInputGradient, wholeRecurrentBlock } from './shared.js';

export function lstmProgram(cell: FusedCellConfig, training: boolean): CellProgram {
  const cifg = cell.cifg === true;
  const peephole = cell.peephole === true;
  const projects = cell.projSize !== undefined && cell.projSize > 0;
  const save = saver(training);
  const peep = (weight: string, c: string): string => (peephole ? ` + params[seq.${weight} + u] * ${c}` : '');
  const gate = (g: number, value: string): string => save(`seq.resGates + gateIndex(row, ${g}u, u)`, value);

  const cellPhase: ForwardPhase = {
    name: 'cell',
    gates: 4,
    weight: 'weight_hh',
    input: 'h',
    geometry: (l) => ({ units: l.hidden, inWidth: l.outputSize, wRow0: 0 }),
    readsProjection: true,
    writesH: !projects,
    body: /* wgsl */ `
  let H = seq.hidden;
  let cPrevious = state[seq.cOld + b * H + u];
  let i = sigmoid(projected(row, u) + acc[0]${peep('peepCi', 'cPrevious')});
  let f = ${cifg ? '1.0 - i' : `sigmoid(projected(row, H + u) + acc[1]${peep('peepCf', 'cPrevious')})`};
  let g = tanhStable(projected(row, 2u * H + u) + acc[2]);
  let c = f * cPrevious + i * g;
  let o = sigmoid(projected(row, 3u * H + u) + acc[3]${peep('peepCo', 'c')});
  let m = o * tanhStable(c);
  state[seq.cNew + b * H + u] = c;
  ${gate(0, 'i')} ${gate(1, 'f')} ${gate(2, 'g')} ${gate(3, 'o')}
  ${save('seq.resPrevC + row * H + u', 'cPrevious')}
  ${save('seq.resExtra + row * H + u', 'c')}
  ${projects ? 'state[seq.aux + b * H + u] = m;' : 'writeH(b, u, row, m);'}`,
    pastLength: `state[seq.cNew + b * seq.hidden + u] = state[seq.cOld + b * seq.hidden + u];${projects ? '' : ' carryH(b, u);'}`,
  };
  const projectionPhase: ForwardPhase = {
    name: 'project',
    gates: 1,
    weight: 'weight_hr',
    input: 'aux',
    geometry: (l) => ({ units: l.projSize, inWidth: l.hidden, wRow0: 0 }),
    readsProjection: false,
    writesH: true,
    body: 'writeH(b, u, row, acc[0]);',
    pastLength: 'carryH(b, u);',
  };

  // A projection first turns dL/dh (P wide) into dL/dm (H wide): the total dL/dh is kept in
  // place for that product and in row order for dW_hr.
  const outputGradient: GradientKernel = {
    kind: 'kernel',
    name: 'output',
    units: (l) => l.projSize,
    buffers: ['dOutput', 'dState', 'planes'],
    body: /* wgsl */ `
  let dh = incomingH(b, u, row);
  dState[seq.hOld + b * seq.outputSize + u] = dh;
  planes[seq.planeOutput + row * seq.outputSize + u] = dh;
  dState[seq.hNew + b * seq.outputSize + u] = 0.0;`,
    pastLength: 'passH(b, u);',
  };
  const cellOutputGradient: GradientProduct = {
    kind: 'product',
    args: (l, at) => ({ a: 'dState', aOffset: at.hOld, transposeA: false, b: 'weight_hr', transposeB: false, out: 'step', outOffset: at.aux, m: l.batch, n: l.hidden, k: l.projSize }),
  };
  const gateGradients: GradientKernel = {
    kind: 'kernel',
    name: 'gates',
    units: (l) => l.hidden,
    buffers: projects ? ['reserve', 'dState', 'step', 'planes'] : ['reserve', 'dOutput', 'dState', 'step', 'planes'],
    body: /* wgsl */ `
  let H = seq.hidden;
  let i = savedGate(row, 0u, u);
  let f = savedGate(row, 1u, u);
  let g = savedGate(row, 2u, u);
  let o = savedGate(row, 3u, u);
  let c = savedPlane(seq.resExtra, row, u);
  let cPrevious = savedPlane(seq.resPrevC, row, u);
  let tanhC = tanhStable(c);
  let dm = ${projects ? 'stepGrads[seq.aux + b * H + u]' : 'incomingH(b, u, row)'};
  let dao = dm * tanhC * o * (1.0 - o);
  // c_t reaches the loss through the next step, through m_t, and through a_o's peephole.
  let dc = dState[seq.cOld + b * H + u] + dm * o * (1.0 - tanhC * tanhC)${peep('peepCo', 'dao')};
  let dag = dc * i * (1.0 - g * g);
  // cifg: f = 1 − i, so dL/di gains −dL/df and a_f gets no gradient.
  let dai = dc * ${cifg ? '(g - cPrevious)' : 'g'} * i * (1.0 - i);
  let daf = ${cifg ? '0.0' : 'dc * cPrevious * f * (1.0 - f)'};
  dState[seq.cNew + b * H + u] = dc * f${peep('peepCi', 'dai')}${cifg ? '' : peep('peepCf', 'daf')};
  setStepGate(b, 0u, u, dai); setStepGate(b, 1u, u, daf); setStepGate(b, 2u, u, dag); setStepGate(b, 3u, u, dao);
  setPlaneGate(row, 0u, u, dai); setPlaneGate(row, 1u, u, daf); setPlaneGate(row, 2u, u, dag); setPlaneGate(row, 3u, u, dao);
  ${projects ? 'planes[seq.planeCellOutput + row * H + u] = o * tanhC;' : 'dState[seq.hNew + b * seq.outputSize + u] = 0.0;'}`,
    pastLength: /* wgsl */ `
    for (var g = 0u; g < 4u; g++) { setStepGate(b, g, u, 0.0); }
    dState[seq.cNew + b * seq.hidden + u] = dState[seq.cOld + b * seq.hidden + u];${projects ? '' : '\n    passH(b, u);'}`,
  };

  return {
    key: `lstm:${cell.bias}:${cifg}:${peephole}:${projects}`,
    inputBias: inputBias(cell),
    forward: projects ? [cellPhase, projectionPhase] : [cellPhase],
    stepWidth: (l) => l.gateWidth,
    backward: projects ? [outputGradient, cellOutputGradient, gateGradients, recurrentInputGradient] : [gateGradients, recurrentInputGradient],
    planes: (l) => ({ recurrent: 0, candidate: 0, output: projects ? l.projSize : 0, cellOutput: projects ? l.hidden : 0 }),
    recurrentBlocks: (l) => wholeRecurrentBlock(l.gateWidth),
  };
}
