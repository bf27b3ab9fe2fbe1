/**
 * Beam search against greedy decoding, on a task built so that greedy errs, and (with
 * --dates-model) on the dates example's validation set.
 *
 *   node --import tsx examples/src/beam/main.ts [--backend wasm|cpu] [--widths 1,2,4,8] [--dates-model PATH] …
 *
 * Prints the configuration, one JSON line per evaluation (the model's probabilities of the
 * mode and of an A-string, truth 0.4 and 0.2), one per beam width, and with --dates-model one
 * per width on the dates validation set.
 */
import { BACKEND_KINDS, useBackend } from '../shared/backend.js';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { BEAM_DEFAULTS, compareOnDates, parseWidths, trainBeam, TRUE_LOG_PROBS } from './train.js';

const flags = cliFlags('examples/src/beam/main.ts', { backend: 'wasm', threads: 1, ...BEAM_DEFAULTS, datesModel: '', datesSeed: 1 }, { backend: BACKEND_KINDS });
const { backend, threads, datesModel, datesSeed, ...options } = flags;
if (parseWidths(options.widths).some((w) => !Number.isInteger(w) || w < 1)) {
  console.error(`--widths must be comma-separated integers ≥ 1, got '${options.widths}'`);
  process.exit(2);
}
const device = await useBackend(backend as (typeof BACKEND_KINDS)[number], threads);
printJson({ example: 'beam', device, ...options, datesModel, datesSeed });
const result = await trainBeam(options, (e) => {
  printJson({ step: e.step, pMode: round(e.pMode), pA: round(e.pA), mass: round(e.mass), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
});
printJson({ truth: 'log p', mode: round(TRUE_LOG_PROBS.mode), aString: round(TRUE_LOG_PROBS.aString) });
for (const d of result.decoding) {
  printJson({ task: 'ambiguous', decoding: d.width === 1 ? 'greedy' : `beam ${d.width}`, meanLogProb: round(d.meanLogProb), modeShare: round(d.modeShare), validShare: round(d.validShare), trueProbability: round(d.trueProbability) });
}
if (datesModel !== '') {
  for (const d of await compareOnDates(datesModel, parseWidths(options.widths), { seed: datesSeed })) {
    printJson({ task: 'dates', decoding: d.width === 1 ? 'greedy' : `beam ${d.width}`, exactMatch: round(d.exactMatch), meanLogProb: round(d.meanLogProb) });
  }
}
printJson({ summary: 'beam', steps: result.evaluations.at(-1)?.step, wallSeconds: round(result.wallSeconds), msPerStep: round(result.msPerStep) });
