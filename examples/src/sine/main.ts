/**
 * Forecasting a noisy sum of sines from sliding windows, against the repeat-the-last-value forecast.
 *
 *   node --import tsx examples/src/sine/main.ts [--cell lstm|gru] [--steps 2000] [--window 40] [--horizon 1] …
 *
 * Prints one JSON line per evaluation and a summary line with both MSEs on the held-out range.
 */
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { CELL_KINDS } from '../shared/recurrent.js';
import { SINE_DEFAULTS, trainSine } from './train.js';

setBackend(createCpuBackend());
const flags = cliFlags('examples/src/sine/main.ts', SINE_DEFAULTS, { cell: CELL_KINDS });
printJson({ example: 'sine', ...flags });
const result = await trainSine(flags, (e) => {
  printJson({ step: e.step, testMse: round(e.testMse), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
});
printJson({
  summary: 'sine',
  cell: flags.cell,
  testMse: round(result.finalTestMse),
  naiveTestMse: round(result.naiveTestMse),
  noiseFloor: round(result.noiseFloor),
  naiveOverModel: round(result.naiveTestMse / result.finalTestMse, 3),
  trainWindows: result.trainWindows,
  testWindows: result.testWindows,
  wallSeconds: round(result.wallSeconds),
  msPerStep: round(result.msPerStep),
});
