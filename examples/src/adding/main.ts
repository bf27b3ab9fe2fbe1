/**
 * The adding problem (Le et al. 2015), as shared/reference/torch_adding.py runs it.
 *
 *   node --import tsx examples/src/adding/main.ts [--cell lstm|gru|rnn|irnn] [--steps 5000] [--sequence-length 100] …
 *
 * Prints one JSON line per evaluation and a summary line.
 */
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { CELL_KINDS } from '../shared/recurrent.js';
import { ADDING_DEFAULTS, trainAdding } from './train.js';

setBackend(createCpuBackend());
const flags = cliFlags('examples/src/adding/main.ts', ADDING_DEFAULTS, { cell: CELL_KINDS });
printJson({ example: 'adding', ...flags });
const result = await trainAdding(flags, (e) => {
  printJson({ step: e.step, testMse: round(e.testMse, 5), trainLoss: round(e.trainLoss, 5), seconds: round(e.seconds, 4) });
});
printJson({
  summary: 'adding',
  cell: flags.cell,
  finalTestMse: round(result.finalTestMse, 5),
  baselineMse: round(result.baselineMse, 5),
  firstStepBelow_005: result.firstStepBelow[0.05],
  firstStepBelow_001: result.firstStepBelow[0.01],
  wallSeconds: round(result.wallSeconds, 4),
  msPerStep: round(result.msPerStep, 4),
});
