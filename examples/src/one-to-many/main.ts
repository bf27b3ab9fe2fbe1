/**
 * One-to-many generation: a decoder unrolls a whole sine wave from one vector (ω, cos φ, sin φ)
 * that sets its initial state.
 *
 *   node --import tsx examples/src/one-to-many/main.ts [--cell gru|lstm] [--steps 3000] [--length 50] …
 *
 * Prints one JSON line per evaluation, a summary line with a generated sample, and a text plot.
 */
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { textPlot } from '../shared/plot.js';
import { CELL_KINDS } from '../shared/recurrent.js';
import { ONE_TO_MANY_DEFAULTS, trainOneToMany } from './train.js';

setBackend(createCpuBackend());
const flags = cliFlags('examples/src/one-to-many/main.ts', ONE_TO_MANY_DEFAULTS, { cell: CELL_KINDS });
printJson({ example: 'one-to-many', ...flags });
const result = await trainOneToMany(flags, (e) => {
  printJson({ step: e.step, testMse: round(e.testMse), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
});
const { sample } = result;
printJson({
  summary: 'one-to-many',
  cell: flags.cell,
  finalTestMse: round(result.finalTestMse),
  zeroMse: round(result.zeroMse),
  wallSeconds: round(result.wallSeconds),
  msPerStep: round(result.msPerStep),
  sample: {
    frequency: round(sample.wave.frequency),
    phase: round(sample.wave.phase),
    target: sample.target.map((v) => round(v, 3)),
    generated: sample.generated.map((v) => round(v, 3)),
  },
});
console.log(`sample: ω = ${sample.wave.frequency.toFixed(3)} rad/step, φ = ${sample.wave.phase.toFixed(3)} rad (· target, o generated, @ both)`);
console.log(textPlot(sample.target, sample.generated));
