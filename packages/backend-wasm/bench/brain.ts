/**
 * brain.js's `recurrent.LSTMTimeStep` / `recurrent.GRUTimeStep` (hiddenLayers [H], outputSize I),
 * as packages/layers/bench runs them. It has no batches and no way to load weights, so:
 *
 * - forward = `net.run(sequence)` for each of the B sequences of T steps (each run also applies
 *   its H→I output layer);
 * - train step = `net.train(sequences, { iterations: 1 })`: for each sequence in turn, the T−1
 *   next-step predictions (recurrent layer + output layer), backpropagation, and brain.js's
 *   RMSprop update — B forward/backward/update rounds of batch 1. It cannot leave the update out.
 *
 * Its GRU is Cho et al.'s (reset before the matmul), so it runs the `gru-before` case only.
 */
import { recurrent as brain } from 'brain.js';
import type { Pass } from '@rnn/bench';
import { allPasses, errorMessage, timeCell, type Case, type PassCells, type PassPlan } from './common.js';

export const BRAIN_VERSION = '2.0.0-beta.24';

type Net = InstanceType<typeof brain.RNNTimeStep>;

/** The case's input as B sequences of T steps of I numbers. */
function sequencesOf(c: Case): number[][][] {
  const { batch: B, steps: T, input: I } = c.size;
  return Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => Array.from(c.x.subarray((t * B + b) * I, (t * B + b + 1) * I))));
}

export function runBrainCase(c: Case, passes: readonly Pass[], plan: PassPlan): PassCells {
  if (c.variant === 'gru-after') return {};
  const sequences = sequencesOf(c);
  const options = { inputSize: c.size.input, hiddenLayers: [c.size.hidden], outputSize: c.size.input };
  const train = (net: Net): void => {
    const { error } = net.train(sequences, { iterations: 1 });
    if (!Number.isFinite(error)) throw new Error(`brain.js: training error is ${error}`);
  };
  let net: Net;
  try {
    net = c.variant === 'lstm' ? new brain.LSTMTimeStep(options) : new brain.GRUTimeStep(options);
    // `run` refuses an untrained net, so one training step comes first (it also warms up `train`).
    train(net);
  } catch (e) {
    return allPasses({ missing: `failed: ${errorMessage(e)}` }, passes);
  }
  const forward = (): void => {
    for (const sequence of sequences) {
      if (net.run(sequence).length !== c.size.input) throw new Error('brain.js: unexpected run output');
    }
  };
  const cells: PassCells = {};
  for (const pass of passes) cells[pass] = pass === 'forward' ? timeCell(forward, plan(pass)) : timeCell(() => { train(net); }, plan(pass));
  return cells;
}
