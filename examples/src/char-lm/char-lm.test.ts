import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { trainCharLm } from './char-lm.js';
import { sampleText } from './sample.js';

beforeAll(() => setBackend(createCpuBackend()));

const text = readFileSync(new URL('../../../data/tinyshakespeare.txt', import.meta.url), 'utf8').slice(0, 40_000);

describe('char-LM example (smoke)', () => {
  it('learns: the validation loss falls well below its start within 60 small steps', async () => {
    const result = await trainCharLm(text, { layers: 1, hidden: 32, seqLen: 32, batch: 16, steps: 60, evalEvery: 20, lr: 1e-2 });
    expect(result.evaluations.map((e) => e.step)).toEqual([20, 40, 60]);
    const [first, , last] = result.evaluations.map((e) => e.valLoss);
    expect(first).toBeLessThan(Math.log(result.vocabSize)); // already better than uniform
    expect(last).toBeLessThan(first! - 0.3);
    const sample = sampleText(result.model, result.tokenizer, { prime: 'ROMEO:', length: 40, temperature: 0.8, seed: 3 });
    expect(Array.from(sample)).toHaveLength(40);
    expect(sampleText(result.model, result.tokenizer, { prime: 'ROMEO:', length: 40, temperature: 0.8, seed: 3 })).toBe(sample);
  });
});
