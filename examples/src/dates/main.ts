/**
 * Date normalisation with attention: "Thursday 03 May 1979", "5/3/79", … → "1979-05-03".
 *
 *   node --import tsx examples/src/dates/main.ts [--backend wasm|cpu] [--attention luong|bahdanau] [--steps 4000] [--svg PATH] [--save PATH] …
 *
 * Prints the configuration, one JSON line per evaluation, the end-of-run measurements and a
 * summary; writes the attention heatmap to --svg and the trained model to --save (if given).
 */
import { writeFile } from 'node:fs/promises';
import { saveModelFile } from '@rnn/layers';
import { BACKEND_KINDS, useBackend } from '../shared/backend.js';
import { cliFlags } from '../shared/cli.js';
import { heatmapSvg } from '../shared/heatmap.js';
import { printJson, round } from '../shared/output.js';
import { ATTENTION_KINDS, DATE_CELLS } from './model.js';
import { DATES_DEFAULTS, trainDates } from './train.js';

const flags = cliFlags(
  'examples/src/dates/main.ts',
  { backend: 'wasm', threads: 1, ...DATES_DEFAULTS, svg: 'examples/src/dates/attention.svg', save: '' },
  { backend: BACKEND_KINDS, attention: ATTENTION_KINDS, cell: DATE_CELLS },
);
const { backend, threads, svg, save, ...options } = flags;
const device = await useBackend(backend as (typeof BACKEND_KINDS)[number], threads);
printJson({ example: 'dates', device, ...options });
const result = await trainDates(options, (e) => {
  printJson({ step: e.step, valExactMatch: round(e.exactMatch), valTokenAccuracy: round(e.tokenAccuracy), valLoss: round(e.loss), trainLoss: round(e.trainLoss), seconds: round(e.seconds) });
}, true);
const model = result.model!;
try {
  if (save !== '') await saveModelFile(save, model);
} finally {
  model.dispose();
}
if (svg !== '') await writeFile(svg, heatmapSvg(result.panels));
for (const e of result.errors) printJson({ wrong: e.input, target: e.target, predicted: e.predicted });
const { byRow, ...fields } = result.attentionShares;
const shares = Object.fromEntries(Object.entries(fields).map(([field, s]) => [field, { share: round(s.share, 3), uniform: round(s.uniform, 3) }]));
printJson({ attentionShares: shares, byRow: byRow.map((v) => (v === null ? null : round(v, 3))) });
printJson({
  summary: 'dates',
  attention: options.attention,
  steps: result.steps,
  finalValExactMatch: round(result.finalExactMatch),
  firstStepAt99: result.firstStepAt99,
  greedyExactMatch: round(result.greedyExactMatch),
  beamWidth: options.beamWidth,
  beamExactMatch: result.beamExactMatch === null ? null : round(result.beamExactMatch),
  wallSeconds: round(result.wallSeconds),
  msPerStep: round(result.msPerStep),
});
