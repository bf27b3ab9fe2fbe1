/**
 * Keras's addition_rnn as a seq2seq model: "a+b" (reversed) → the sum.
 *
 *   node --import tsx examples/src/addition/main.ts [--backend wasm|cpu] [--steps 24000] [--schedule cosine|constant] [--batch-size 128] …
 *
 * Prints the configuration, one JSON line per evaluation and a summary line.
 */
import { BACKEND_KINDS, useBackend } from '../shared/backend.js';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { ADDITION_DEFAULTS, SCHEDULES, trainAddition } from './train.js';

const flags = cliFlags('examples/src/addition/main.ts', { backend: 'wasm', threads: 1, ...ADDITION_DEFAULTS }, { backend: BACKEND_KINDS, schedule: SCHEDULES });
const { backend, threads, ...options } = flags;
const device = await useBackend(backend as (typeof BACKEND_KINDS)[number], threads);
printJson({ example: 'addition', device, ...options });
const result = await trainAddition(options, (e) => {
  printJson({ step: e.step, valExactMatch: round(e.exactMatch), valTokenAccuracy: round(e.tokenAccuracy), valLoss: round(e.loss), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
});
for (const s of result.samples) printJson({ question: s.question, encoderReads: s.read, answer: s.answer, predicted: s.predicted, ok: s.answer === s.predicted });
printJson({
  summary: 'addition',
  trainSize: result.trainSize,
  validationSize: result.validationSize,
  steps: result.steps,
  finalValExactMatch: round(result.finalExactMatch),
  firstStepAt99: result.firstStepAt99,
  wallSeconds: round(result.wallSeconds),
  msPerStep: round(result.msPerStep),
});
