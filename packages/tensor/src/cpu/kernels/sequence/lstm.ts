/**
 * The lstm (PyTorch `nn.LSTM`, gate rows i, f, g, o), with the options of Greff et al., "LSTM:
 * A Search Space Odyssey" (2015), in any combination:
 *
 *   a = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh, split into a_i, a_f, a_g, a_o
 *   peephole (Gers & Schmidhuber 2000): a_i += w_ci ⊙ c_{t−1}, a_f += w_cf ⊙ c_{t−1}
 *   i = σ(a_i), f = σ(a_f) — cifg: f = 1 − i, the f rows unused —, g = tanh(a_g)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g
 *   peephole: a_o += w_co ⊙ c_t (the output gate sees the new cell)
 *   o = σ(a_o), m_t = o ⊙ tanh(c_t), h_t = m_t — projection (Sak et al. 2014): h_t = W_hr m_t
 *
 * The reserve keeps i, f, g, o, c_{t−1} (a previous state) and c_t (the one extra plane).
 */
import type { FusedCellConfig } from '../../../backend/types.js';
import type { FloatArray } from '../matmul.js';
import { sigmoid } from './activations.js';
import { backpropagateWholeRecurrence, wholeRecurrentBlock, type CellFamily } from './family.js';
import { columnSumsOfProducts, linear, linearInputGradient, linearWeightGradient, view } from './gemm.js';
import { forEachActive } from './order.js';
import { projectionBias } from './weights.js';

export function lstmFamily(cell: FusedCellConfig): CellFamily {
  const cifg = cell.cifg === true;
  const projects = cell.projSize !== undefined && cell.projSize > 0;
  return {
    extraPlanes: 1,
    projectionBias: (weights, layout) => projectionBias(weights, layout.gateWidth),

    forward(run) {
      const { layout, weights, rows, projected, states, next, reserve } = run;
      const { batch, hiddenSize: H, outputSize, gateWidth, reserve: planes } = layout;
      const { peepholeInput: wci, peepholeForget: wcf, peepholeOutput: wco } = weights;
      const [h, c] = states as [Float64Array, Float64Array];
      const [nextH, nextC] = next as [Float64Array, Float64Array];
      const recurrent = new Float64Array(batch * gateWidth);
      // Without a projection m_t is h_t, written straight into the next state.
      const cellOutput = projects ? new Float64Array(batch * H) : nextH;
      const cellPlane = planes.extras[0]!;
      return (step) => {
        linear(view(h, 0, outputSize), view(weights.recurrent, 0, outputSize), recurrent, batch, gateWidth, outputSize);
        forEachActive(rows, batch, step, (b, row) => {
          const p = row * gateWidth;
          const r = b * gateWidth;
          for (let j = 0; j < H; j++) {
            const cPrevious = c[b * H + j]!;
            let ai = projected[p + j]! + recurrent[r + j]!;
            if (wci !== null) ai += wci[j]! * cPrevious;
            const i = sigmoid(ai);
            let f = 1 - i;
            if (!cifg) {
              let af = projected[p + H + j]! + recurrent[r + H + j]!;
              if (wcf !== null) af += wcf[j]! * cPrevious;
              f = sigmoid(af);
            }
            const g = Math.tanh(projected[p + 2 * H + j]! + recurrent[r + 2 * H + j]!);
            const cNew = f * cPrevious + i * g;
            let ao = projected[p + 3 * H + j]! + recurrent[r + 3 * H + j]!;
            if (wco !== null) ao += wco[j]! * cNew;
            const o = sigmoid(ao);
            nextC[b * H + j] = cNew;
            cellOutput[b * H + j] = o * Math.tanh(cNew);
            if (reserve !== null) {
              const saved = planes.gates + p + j;
              reserve[saved] = i;
              reserve[saved + H] = f;
              reserve[saved + 2 * H] = g;
              reserve[saved + 3 * H] = o;
              reserve[cellPlane + row * H + j] = cNew;
            }
          }
        });
        if (projects) linear(view(cellOutput, 0, H), view(weights.projection!, 0, H), nextH, batch, outputSize, H);
      };
    },

    backward(run) {
      const { layout, weights, rows, reserve, stateGradients, previousGradients, stepGates, gateGradients } = run;
      const { batch, hiddenSize: H, outputSize, gateWidth, rows: rowCount, reserve: planes } = layout;
      const { peepholeInput: wci, peepholeForget: wcf, peepholeOutput: wco } = weights;
      const [dh, dc] = stateGradients as [Float64Array, Float64Array];
      const dcPrevious = previousGradients[1]!;
      const cellPlane = planes.extras[0]!;
      const previousCellPlane = planes.previousStates[1]!;
      // dL/dm_t. With a projection, dW_hr = Σ_t dh_tᵀ m_t is one product after the loop over
      // every step's dh_t and m_t, kept here in row order.
      const dCellOutput = projects ? new Float64Array(batch * H) : dh;
      const projectedGradients = projects ? new Float64Array(rowCount * outputSize) : null;
      const cellOutputs = projects ? new Float64Array(rowCount * H) : null;
      return {
        step(step) {
          if (projects) linearInputGradient(view(dh, 0, outputSize), view(weights.projection!, 0, H), dCellOutput, batch, H, outputSize);
          forEachActive(rows, batch, step, (b, row) => {
            if (projectedGradients !== null) projectedGradients.set(dh.subarray(b * outputSize, (b + 1) * outputSize), row * outputSize);
            const saved = planes.gates + row * gateWidth;
            const g0 = b * gateWidth;
            for (let j = 0; j < H; j++) {
              const i = reserve[saved + j]!;
              const f = reserve[saved + H + j]!;
              const g = reserve[saved + 2 * H + j]!;
              const o = reserve[saved + 3 * H + j]!;
              const cNew = reserve[cellPlane + row * H + j]!;
              const cPrevious = reserve[previousCellPlane + row * H + j]!;
              const tanhC = Math.tanh(cNew);
              const dm = dCellOutput[b * H + j]!;
              if (cellOutputs !== null) cellOutputs[row * H + j] = o * tanhC;
              const dao = dm * tanhC * o * (1 - o);
              // c_t reaches the loss through the next step (dc), through m_t, and through a_o's peephole.
              let dcNew = dc[b * H + j]! + dm * o * (1 - tanhC * tanhC);
              if (wco !== null) dcNew += dao * wco[j]!;
              const dag = dcNew * i * (1 - g * g);
              // cifg: f = 1 − i, so ∂L/∂i gains −∂L/∂f and a_f gets no gradient.
              const di = dcNew * (cifg ? g - cPrevious : g);
              const dai = di * i * (1 - i);
              const daf = cifg ? 0 : dcNew * cPrevious * f * (1 - f);
              let dcPrev = dcNew * f;
              if (wci !== null) dcPrev += dai * wci[j]!;
              if (wcf !== null) dcPrev += daf * wcf[j]!;
              stepGates[g0 + j] = dai;
              stepGates[g0 + H + j] = daf;
              stepGates[g0 + 2 * H + j] = dag;
              stepGates[g0 + 3 * H + j] = dao;
              dcPrevious[b * H + j] = dcPrev;
            }
          });
          backpropagateWholeRecurrence(run);
        },
        recurrentBlocks: [wholeRecurrentBlock(run)],
        ownWeightGradients(gradients) {
          const peephole = (name: string, gate: number, cellState: number): void => {
            const out: FloatArray | undefined = gradients[name];
            if (out !== undefined) columnSumsOfProducts(view(gateGradients, gate * H, gateWidth), view(reserve, cellState, H), rowCount, H, out);
          };
          peephole('weight_ci', 0, previousCellPlane);
          peephole('weight_cf', 1, previousCellPlane);
          peephole('weight_co', 3, cellPlane);
          const dProjection = gradients.weight_hr;
          if (dProjection !== undefined) {
            linearWeightGradient(view(projectedGradients!, 0, outputSize), view(cellOutputs!, 0, H), dProjection, 0, rowCount, outputSize, H);
          }
        },
      };
    },
  };
}
