/**
 * The gru (PyTorch `nn.GRU`, gate rows r, z, n), in both of its published forms:
 *
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   reset after (PyTorch, cuDNN; Keras reset_after=True): n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   reset before (Cho et al. 2014; Keras reset_after=False): n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 *
 * Reset after keeps one recurrent product per step, but b_hn must stay inside the reset product,
 * so it is not pre-summed. Reset before needs r before the n block's product, so each step runs
 * two: [W_hr; W_hz]·h, then W_hn·(r ⊙ h), and b_hn is pre-summed like the rest.
 *
 * The reserve keeps r, z, n, h_{t−1} (a previous state) and one extra plane: W_hn h + b_hn
 * (reset after) or r ⊙ h_{t−1} (reset before).
 */
import type { FusedCellConfig } from '../../../backend/types.js';
import { sigmoid } from './activations.js';
import type { BackwardRun, CellBackward, CellFamily, ForwardRun } from './family.js';
import { linear, linearInputGradient, view } from './gemm.js';
import { forEachActive } from './order.js';
import { projectionBias } from './weights.js';

export function gruFamily(cell: FusedCellConfig): CellFamily {
  const resetAfter = cell.resetAfter !== false;
  return {
    extraPlanes: 1,
    projectionBias: (weights, layout) => projectionBias(weights, layout.gateWidth, resetAfter ? 2 * layout.hiddenSize : layout.gateWidth),
    forward: resetAfter ? forwardResetAfter : forwardResetBefore,
    backward: resetAfter ? backwardResetAfter : backwardResetBefore,
  };
}

function forwardResetAfter(run: ForwardRun): (step: number) => void {
  const { layout, weights, rows, projected, states, next, reserve } = run;
  const { batch, hiddenSize: H, gateWidth, reserve: planes } = layout;
  const [h] = states as [Float64Array];
  const [nextH] = next as [Float64Array];
  const candidateBias = weights.recurrentBias;
  const recurrent = new Float64Array(batch * gateWidth);
  const hiddenCandidatePlane = planes.extras[0]!;
  return (step) => {
    linear(view(h, 0, H), view(weights.recurrent, 0, H), recurrent, batch, gateWidth, H);
    forEachActive(rows, batch, step, (b, row) => {
      const p = row * gateWidth;
      const q = b * gateWidth;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(projected[p + j]! + recurrent[q + j]!);
        const z = sigmoid(projected[p + H + j]! + recurrent[q + H + j]!);
        const hiddenCandidate = recurrent[q + 2 * H + j]! + (candidateBias === null ? 0 : candidateBias[2 * H + j]!);
        const n = Math.tanh(projected[p + 2 * H + j]! + r * hiddenCandidate);
        nextH[b * H + j] = (1 - z) * n + z * h[b * H + j]!;
        if (reserve !== null) {
          const saved = planes.gates + p + j;
          reserve[saved] = r;
          reserve[saved + H] = z;
          reserve[saved + 2 * H] = n;
          reserve[hiddenCandidatePlane + row * H + j] = hiddenCandidate;
        }
      }
    });
  };
}

function forwardResetBefore(run: ForwardRun): (step: number) => void {
  const { layout, weights, rows, projected, states, next, reserve } = run;
  const { batch, hiddenSize: H, gateWidth, reserve: planes } = layout;
  const [h] = states as [Float64Array];
  const [nextH] = next as [Float64Array];
  const recurrentResetUpdate = new Float64Array(batch * 2 * H);
  const resetHidden = new Float64Array(batch * H);
  const recurrentCandidate = new Float64Array(batch * H);
  const update = new Float64Array(batch * H);
  const resetHiddenPlane = planes.extras[0]!;
  return (step) => {
    linear(view(h, 0, H), view(weights.recurrent, 0, H), recurrentResetUpdate, batch, 2 * H, H);
    forEachActive(rows, batch, step, (b, row) => {
      const p = row * gateWidth;
      const q = b * 2 * H;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(projected[p + j]! + recurrentResetUpdate[q + j]!);
        update[b * H + j] = sigmoid(projected[p + H + j]! + recurrentResetUpdate[q + H + j]!);
        resetHidden[b * H + j] = r * h[b * H + j]!;
        if (reserve !== null) {
          reserve[planes.gates + p + j] = r;
          reserve[resetHiddenPlane + row * H + j] = resetHidden[b * H + j]!;
        }
      }
    });
    linear(view(resetHidden, 0, H), view(weights.recurrent, 2 * H * H, H), recurrentCandidate, batch, H, H);
    forEachActive(rows, batch, step, (b, row) => {
      const p = row * gateWidth;
      for (let j = 0; j < H; j++) {
        const z = update[b * H + j]!;
        const n = Math.tanh(projected[p + 2 * H + j]! + recurrentCandidate[b * H + j]!);
        nextH[b * H + j] = (1 - z) * n + z * h[b * H + j]!;
        if (reserve !== null) {
          reserve[planes.gates + p + H + j] = z;
          reserve[planes.gates + p + 2 * H + j] = n;
        }
      }
    });
  };
}

/** From dL/dh_t (h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}): dL/da_z, the update gate's pre-activation. */
const updateGateGradient = (dh: number, z: number, n: number, hPrevious: number): number => dh * (hPrevious - n) * z * (1 - z);

/** From dL/dh_t: dL/da_n, the candidate's pre-activation (n = tanh(a_n)). */
const candidateGradient = (dh: number, z: number, n: number): number => dh * (1 - z) * (1 - n * n);

function backwardResetAfter(run: BackwardRun): CellBackward {
  const { layout, weights, rows, reserve, stateGradients, previousGradients, stepGates, gateGradients } = run;
  const { batch, hiddenSize: H, gateWidth, rows: rowCount, reserve: planes } = layout;
  const [dh] = stateGradients as [Float64Array];
  const [dhPrevious] = previousGradients as [Float64Array];
  const hiddenCandidatePlane = planes.extras[0]!;
  const previousPlane = planes.previousStates[0]!;
  // dL/d(W_hh h + b_hh): the gate gradients on r and z, r ⊙ dL/da_n on n (the reset product).
  const recurrentStep = new Float64Array(batch * gateWidth);
  // Its n block in row order, for dW_hn and db_hn after the loop.
  const candidateGradients = new Float64Array(rowCount * H);
  const carried = new Float64Array(batch * H);
  return {
    step(step) {
      forEachActive(rows, batch, step, (b, row) => {
        const saved = planes.gates + row * gateWidth;
        const g0 = b * gateWidth;
        for (let j = 0; j < H; j++) {
          const d = dh[b * H + j]!;
          const r = reserve[saved + j]!;
          const z = reserve[saved + H + j]!;
          const n = reserve[saved + 2 * H + j]!;
          const daz = updateGateGradient(d, z, n, reserve[previousPlane + row * H + j]!);
          const dan = candidateGradient(d, z, n);
          const dar = dan * reserve[hiddenCandidatePlane + row * H + j]! * r * (1 - r);
          stepGates[g0 + j] = dar;
          stepGates[g0 + H + j] = daz;
          stepGates[g0 + 2 * H + j] = dan;
          recurrentStep[g0 + j] = dar;
          recurrentStep[g0 + H + j] = daz;
          recurrentStep[g0 + 2 * H + j] = dan * r;
          candidateGradients[row * H + j] = dan * r;
          carried[b * H + j] = d * z;
        }
      });
      linearInputGradient(view(recurrentStep, 0, gateWidth), view(weights.recurrent, 0, H), dhPrevious, batch, H, gateWidth);
      addCarried(run, step, carried);
    },
    recurrentBlocks: [
      { first: 0, count: 2 * H, gradient: view(gateGradients, 0, gateWidth), operand: view(reserve, previousPlane, H) },
      { first: 2 * H, count: H, gradient: view(candidateGradients, 0, H), operand: view(reserve, previousPlane, H) },
    ],
    ownWeightGradients: () => undefined,
  };
}

function backwardResetBefore(run: BackwardRun): CellBackward {
  const { layout, weights, rows, reserve, stateGradients, previousGradients, stepGates, gateGradients } = run;
  const { batch, hiddenSize: H, gateWidth, reserve: planes } = layout;
  const [dh] = stateGradients as [Float64Array];
  const [dhPrevious] = previousGradients as [Float64Array];
  const previousPlane = planes.previousStates[0]!;
  const dResetHidden = new Float64Array(batch * H);
  const carried = new Float64Array(batch * H);
  return {
    step(step) {
      forEachActive(rows, batch, step, (b, row) => {
        const saved = planes.gates + row * gateWidth;
        for (let j = 0; j < H; j++) {
          const d = dh[b * H + j]!;
          const z = reserve[saved + H + j]!;
          const n = reserve[saved + 2 * H + j]!;
          stepGates[b * gateWidth + H + j] = updateGateGradient(d, z, n, reserve[previousPlane + row * H + j]!);
          stepGates[b * gateWidth + 2 * H + j] = candidateGradient(d, z, n);
          carried[b * H + j] = d * z;
        }
      });
      // dL/d(r ⊙ h_{t−1}) = dL/da_n · W_hn, which r and h_{t−1} then share.
      linearInputGradient(view(stepGates, 2 * H, gateWidth), view(weights.recurrent, 2 * H * H, H), dResetHidden, batch, H, H);
      forEachActive(rows, batch, step, (b, row) => {
        const saved = planes.gates + row * gateWidth;
        for (let j = 0; j < H; j++) {
          const r = reserve[saved + j]!;
          const d = dResetHidden[b * H + j]!;
          stepGates[b * gateWidth + j] = d * reserve[previousPlane + row * H + j]! * r * (1 - r);
          carried[b * H + j]! += d * r;
        }
      });
      linearInputGradient(view(stepGates, 0, gateWidth), view(weights.recurrent, 0, H), dhPrevious, batch, H, 2 * H);
      addCarried(run, step, carried);
    },
    recurrentBlocks: [
      { first: 0, count: 2 * H, gradient: view(gateGradients, 0, gateWidth), operand: view(reserve, previousPlane, H) },
      { first: 2 * H, count: H, gradient: view(gateGradients, 2 * H, gateWidth), operand: view(reserve, planes.extras[0]!, H) },
    ],
    ownWeightGradients: () => undefined,
  };
}

/** dL/dh_{t−1} += the part that bypassed the recurrent products, for the running entries. */
function addCarried(run: BackwardRun, step: number, carried: Float64Array): void {
  const { batch, hiddenSize: H } = run.layout;
  const dhPrevious = run.previousGradients[0]!;
  forEachActive(run.rows, batch, step, (b) => {
    for (let j = b * H; j < (b + 1) * H; j++) dhPrevious[j]! += carried[j]!;
  });
}
