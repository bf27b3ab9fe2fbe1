/**
 * The Elman rnn (PyTorch `nn.RNN`): h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), act tanh
 * or relu. The reserve's gate plane holds h_t itself, which gives act′: 1 − h² for tanh, and
 * [h > 0] for relu (the cpu relu's gradient at 0 is 0 too).
 */
import type { FusedCellConfig } from '../../../backend/types.js';
import { backpropagateWholeRecurrence, wholeRecurrentBlock, type CellFamily } from './family.js';
import { linear, view } from './gemm.js';
import { forEachActive } from './order.js';
import { projectionBias } from './weights.js';

export function rnnFamily(cell: FusedCellConfig): CellFamily {
  const relu = cell.nonlinearity === 'relu';
  return {
    extraPlanes: 0,
    projectionBias: (weights, layout) => projectionBias(weights, layout.gateWidth),

    forward(run) {
      const { layout, weights, rows, projected, states, next, reserve } = run;
      const { batch, hiddenSize: H, reserve: planes } = layout;
      const [h] = states as [Float64Array];
      const [nextH] = next as [Float64Array];
      const recurrent = new Float64Array(batch * H);
      return (step) => {
        linear(view(h, 0, H), view(weights.recurrent, 0, H), recurrent, batch, H, H);
        forEachActive(rows, batch, step, (b, row) => {
          for (let j = 0; j < H; j++) {
            const a = projected[row * H + j]! + recurrent[b * H + j]!;
            const value = relu ? (a > 0 ? a : 0) : Math.tanh(a);
            nextH[b * H + j] = value;
            if (reserve !== null) reserve[planes.gates + row * H + j] = value;
          }
        });
      };
    },

    backward(run) {
      const { layout, rows, reserve, stateGradients, stepGates } = run;
      const { batch, hiddenSize: H, reserve: planes } = layout;
      const [dh] = stateGradients as [Float64Array];
      return {
        step(step) {
          forEachActive(rows, batch, step, (b, row) => {
            for (let j = 0; j < H; j++) {
              const value = reserve[planes.gates + row * H + j]!;
              const slope = relu ? (value > 0 ? 1 : 0) : 1 - value * value;
              stepGates[b * H + j] = dh[b * H + j]! * slope;
            }
          });
          backpropagateWholeRecurrence(run);
        },
        recurrentBlocks: [wholeRecurrentBlock(run)],
        ownWeightGradients: () => undefined,
      };
    },
  };
}
