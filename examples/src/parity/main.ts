/**
 * Many-to-one classification: the parity (or count of ones mod k) of variable-length bit strings.
 *
 *   node --import tsx examples/src/parity/main.ts [--cell lstm|gru|rnn|irnn] [--steps 3000] [--modulus 2] …
 *
 * Prints one JSON line per evaluation and a summary line with the accuracy at every test length.
 */
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { CELL_KINDS } from '../shared/recurrent.js';
import { PARITY_DEFAULTS, trainParity } from './train.js';

setBackend(createCpuBackend());
const flags = cliFlags('examples/src/parity/main.ts', PARITY_DEFAULTS, { cell: CELL_KINDS });
printJson({ example: 'parity', ...flags });
const result = await trainParity(flags, (e) => {
  printJson({ step: e.step, accuracy: round(e.accuracy), longerAccuracy: round(e.longerAccuracy), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
});
printJson({
  summary: 'parity',
  cell: flags.cell,
  finalAccuracy: round(result.finalAccuracy),
  finalLongerAccuracy: round(result.finalLongerAccuracy),
  majorityAccuracy: round(result.majorityAccuracy),
  accuracyByLength: Object.fromEntries(Object.entries(result.accuracyByLength).map(([length, a]) => [length, round(a, 3)])),
  wallSeconds: round(result.wallSeconds),
  msPerStep: round(result.msPerStep),
});
