import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beamSearch } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Draws } from '../shared/draws.js';
import { beamBatch, drawTarget, END, MODE_PROBABILITY, modeOf, SOURCE_CHARS, TARGET_CHARS, targetsOf } from './data.js';
import { trainBeam } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('the ambiguous targets', () => {
  it('make the mode start with the less probable first token', () => {
    const targets = targetsOf('31415');
    expect(targets.map((t) => t.text)).toEqual(['B-31415', 'Ax31415', 'Ay31415', 'Az31415']);
    expect(targets.reduce((a, t) => a + t.probability, 0)).toBeCloseTo(1, 12);
    const mode = targets.reduce((best, t) => (t.probability > best.probability ? t : best));
    expect(mode.text).toBe(modeOf('31415'));
    const firstA = targets.filter((t) => t.text.startsWith('A')).reduce((a, t) => a + t.probability, 0);
    expect(firstA).toBeGreaterThan(MODE_PROBABILITY);
    for (const t of targets.slice(1)) expect(t.probability).toBeLessThan(MODE_PROBABILITY);
  });

  it('are drawn with those probabilities', () => {
    const draws = new Draws(new Generator(2));
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const t = drawTarget(draws, '7');
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    for (const { text, probability } of targetsOf('7')) expect(counts.get(text)! / 20_000).toBeCloseTo(probability, 1);
    expect(counts.size).toBe(4);
  });

  it('batches sources of digits with their targets and the end token', () => {
    const set = beamBatch(new Draws(new Generator(3)), 50, 4);
    set.sources.forEach((source, i) => {
      const text = SOURCE_CHARS.decode(source);
      expect(text).toMatch(/^\d{4}$/);
      expect(set.targets[i]!.at(-1)).toBe(END);
      expect(targetsOf(text).map((t) => t.text)).toContain(TARGET_CHARS.decode(set.targets[i]!.slice(0, -1)));
    });
  });

  it("trip greedy decoding but not a beam of 2, with the task's own probabilities as the model", async () => {
    // The true distribution as a step function: after '', 'A' or 'B'; after 'A', x/y/z; then the copy.
    const source = '12';
    const step = (_parents: Int32Array, tokens: Int32Array, history: number[][]) => {
      const logProbs = new Float64Array(tokens.length * TARGET_CHARS.size).fill(-Infinity);
      tokens.forEach((_, r) => {
        const prefix = TARGET_CHARS.decode(history[r]!);
        const next = targetsOf(source).filter((t) => t.text.startsWith(prefix));
        const total = next.reduce((a, t) => a + t.probability, 0);
        const byToken = new Map<number, number>();
        for (const t of next) {
          const id = t.text.length === prefix.length ? END : TARGET_CHARS.id(t.text[prefix.length]!);
          byToken.set(id, (byToken.get(id) ?? 0) + t.probability / total);
        }
        for (const [id, p] of byToken) logProbs[r * TARGET_CHARS.size + id] = Math.log(p);
      });
      return { logProbs };
    };
    // Each row's generated tokens: the first step feeds the start token to the empty prefix.
    let rows: number[][] = [];
    const stepper = (parents: Int32Array, tokens: Int32Array) => {
      rows = Array.from(parents, (p, r) => (rows.length === 0 ? [] : [...rows[p]!, tokens[r]!]));
      return step(parents, tokens, rows);
    };
    const decode = async (beamWidth: number) => {
      rows = [];
      const best = (await beamSearch(1, stepper, { beamWidth, maxLength: 6, startToken: END, endToken: END }))[0]![0]!;
      return { text: TARGET_CHARS.decode(best.tokens), logProb: best.logProb };
    };
    const greedy = await decode(1);
    expect(greedy.text.startsWith('A')).toBe(true);
    expect(greedy.logProb).toBeCloseTo(Math.log(0.2), 10);
    expect(await decode(2)).toEqual({ text: 'B-12', logProb: expect.closeTo(Math.log(0.4), 10) as number });
  });
});

describe('trainBeam', () => {
  it('learns the distribution well enough that beams find the mode and greedy does not', async () => {
    const before = numHandles();
    const result = await trainBeam({ sourceLength: 3, hiddenSize: 32, embeddingDim: 8, batchSize: 32, lr: 0.01, steps: 150, evalEvery: 75, testSize: 60, widths: '1,2' });
    expect(numHandles()).toBe(before);
    const last = result.evaluations.at(-1)!;
    expect(last.pMode).toBeGreaterThan(0.25);
    expect(last.pMode).toBeLessThan(0.55);
    expect(last.mass).toBeGreaterThan(0.7);
    const [greedy, beam] = result.decoding;
    expect(greedy!.width).toBe(1);
    expect(greedy!.modeShare).toBeLessThan(0.2);
    expect(beam!.modeShare).toBeGreaterThan(0.6);
    expect(beam!.meanLogProb).toBeGreaterThan(greedy!.meanLogProb);
  });
});
