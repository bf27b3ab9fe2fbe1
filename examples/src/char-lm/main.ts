/**
 * The char-LM of shared/reference/torch_charlm.py on tiny-shakespeare.
 *
 *   node --import tsx examples/src/char-lm/main.ts [--steps 2000] [--seed 1] [--cell lstm] [--text data/tinyshakespeare.txt] …
 *
 * Prints one JSON line per evaluation (as the reference does), a summary line and a sample.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { cliFlags } from '../shared/cli.js';
import { printJson, round } from '../shared/output.js';
import { CHAR_LM_CELLS, CHAR_LM_DEFAULTS, trainCharLm } from './char-lm.js';
import { sampleText } from './sample.js';

setBackend(createCpuBackend());
const corpus = fileURLToPath(new URL('../../../data/tinyshakespeare.txt', import.meta.url));
const flags = cliFlags('examples/src/char-lm/main.ts', { ...CHAR_LM_DEFAULTS, text: corpus, sampleLength: 300, temperature: 0.8 }, { cell: CHAR_LM_CELLS });
const { text: path, sampleLength, temperature, ...options } = flags;
printJson({ example: 'char-lm', ...flags });
const result = await trainCharLm(readFileSync(path, 'utf8'), options, (e) => {
  printJson({ step: e.step, train_loss: round(e.trainLoss), val_loss: round(e.valLoss), seconds: round(e.seconds, 4) });
});
printJson({
  summary: 'char-lm',
  finalValLoss: round(result.finalValLoss),
  vocabSize: result.vocabSize,
  wallSeconds: round(result.wallSeconds, 4),
  msPerStep: round(result.msPerStep, 4),
});
console.log(sampleText(result.model, result.tokenizer, { prime: 'ROMEO:', length: sampleLength, temperature, seed: options.seed }));
