// beamSearch's host-side bookkeeping, on hand-made steppers with no tensors: next-token
// distributions from a table (a fixed Markov chain) or from a hash of the whole prefix, checked
// against exhaustive enumeration of every sequence up to maxLength and against greedy decoding.
import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { beamSearch, lengthPenaltyOf, type BeamSearchOptions, type BeamStepper, type Hypothesis } from './beam-search.js';

/** Next-token probabilities for batch entry `entry` after generating `prefix` (start token not included). */
type Distribution = (entry: number, prefix: readonly number[]) => readonly number[];

interface Row {
  readonly entry: number;
  /** The generated tokens so far; null for an initial state (nothing fed yet). */
  readonly prefix: number[] | null;
}

/**
 * A stepper over `dist` that follows the rows as beamSearch describes them (row r continues row
 * parents[r] of the previous output and is fed tokens[r]), checks the start token is fed first,
 * and answers "attention" rows [steps so far, entry, last generated token or −1] so hypotheses'
 * attention histories can be checked.
 */
function stepperOf(batch: number, dist: Distribution, startToken: number, calls: { rows: number }[] = []): BeamStepper {
  let rows: Row[] = Array.from({ length: batch }, (_, entry) => ({ entry, prefix: null }));
  return (parents, tokens) => {
    expect(parents.length).toBe(tokens.length);
    rows = Array.from(parents, (p, r): Row => {
      const parent = rows[p];
      if (parent === undefined) throw new Error(`parent ${p} is not a row of the previous step (${rows.length} rows)`);
      if (parent.prefix === null) {
        expect(tokens[r], 'the first step is fed the start token').toBe(startToken);
        return { entry: parent.entry, prefix: [] };
      }
      return { entry: parent.entry, prefix: [...parent.prefix, tokens[r]!] };
    });
    calls.push({ rows: rows.length });
    return {
      logProbs: rows.flatMap(({ entry, prefix }) => dist(entry, prefix!).map(Math.log)),
      attention: rows.flatMap(({ entry, prefix }) => [prefix!.length, entry, prefix!.at(-1) ?? -1]),
    };
  };
}

/** Every hypothesis of entry `entry` up to maxLength: those that end, and those maxLength cuts off. */
function exhaustive(entry: number, dist: Distribution, { maxLength, endToken, lengthPenalty = 0 }: BeamSearchOptions): Hypothesis[] {
  const all: Hypothesis[] = [];
  const grow = (prefix: number[], logProb: number): void => {
    dist(entry, prefix).forEach((p, token) => {
      const lp = logProb + Math.log(p);
      if (token === endToken) {
        all.push({ tokens: prefix, logProb: lp, score: lp / lengthPenaltyOf(prefix.length + 1, lengthPenalty), finished: true, attention: null });
      } else if (prefix.length + 1 === maxLength) {
        all.push({ tokens: [...prefix, token], logProb: lp, score: lp / lengthPenaltyOf(maxLength, lengthPenalty), finished: false, attention: null });
      } else {
        grow([...prefix, token], lp);
      }
    });
  };
  grow([], 0);
  return all.sort((x, y) => y.score - x.score);
}

/** Greedy decoding: the argmax at every step, stopping at the end token or maxLength. */
function greedy(entry: number, dist: Distribution, { maxLength, endToken }: BeamSearchOptions): { tokens: number[]; logProb: number; finished: boolean } {
  const tokens: number[] = [];
  let logProb = 0;
  for (let t = 0; t < maxLength; t++) {
    const p = dist(entry, tokens);
    const best = p.indexOf(Math.max(...p));
    logProb += Math.log(p[best]!);
    if (best === endToken) return { tokens, logProb, finished: true };
    tokens.push(best);
  }
  return { tokens, logProb, finished: false };
}

/** Σ log p of a hypothesis' tokens (and its end token when it finished). */
function logProbOf(entry: number, dist: Distribution, h: Hypothesis, endToken: number): number {
  const sequence = h.finished ? [...h.tokens, endToken] : h.tokens;
  return sequence.reduce((sum, token, t) => sum + Math.log(dist(entry, sequence.slice(0, t))[token]!), 0);
}

/** Distributions over `vocab` tokens that depend on the entry and the whole prefix, drawn from a hash of both. */
function hashed(vocab: number, sharpness = 2): Distribution {
  return (entry, prefix) => {
    let h = 2166136261 ^ entry;
    const logits = Array.from({ length: vocab }, (_, token) => {
      for (const x of [...prefix, 1000 + token]) h = Math.imul(h ^ x, 16777619) >>> 0;
      return (sharpness * (h % 10007)) / 10007;
    });
    const e = logits.map(Math.exp);
    const total = e.reduce((a, x) => a + x, 0);
    return e.map((x) => x / total);
  };
}

/** A Markov chain: the next token's distribution given the last one (row `start` before anything). */
function markov(table: Readonly<Record<number | 'start', readonly number[]>>): Distribution {
  for (const row of Object.values(table)) expect(Math.abs(row.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-12);
  return (_, prefix) => table[prefix.length === 0 ? 'start' : prefix.at(-1)!]!;
}

/** The hypotheses of a batch of one. */
async function searchOne(step: BeamStepper, options: BeamSearchOptions): Promise<Hypothesis[]> {
  return (await beamSearch(1, step, options))[0]!;
}

const VOCAB = 4;
const END = 0;
const START = 3;

describe('beamSearch', () => {
  describe.each([0, 0.6])('with lengthPenalty %s', (lengthPenalty) => {
    const dist = hashed(VOCAB);
    const batch = 3;
    const base = { maxLength: 4, startToken: START, endToken: END, lengthPenalty };

    it('never beats exhaustive search, and a beam wider than every step finds its best hypotheses in order', async () => {
      for (const beamWidth of [1, 2, 3, 5, 128]) {
        const options = { ...base, beamWidth, numReturn: Math.min(beamWidth, 10) };
        const results = await beamSearch(batch, stepperOf(batch, dist, START), options);
        expect(results).toHaveLength(batch);
        results.forEach((hypotheses, b) => {
          const all = exhaustive(b, dist, options);
          expect(all).toHaveLength(1 + 3 + 9 + 27 * 4);
          expect(hypotheses.length).toBeGreaterThan(0);
          expect(hypotheses.length).toBeLessThanOrEqual(options.numReturn);
          hypotheses.forEach((h, i) => {
            if (i > 0) expect(hypotheses[i - 1]!.score).toBeGreaterThanOrEqual(h.score);
            expect(h.score).toBeLessThanOrEqual(all[0]!.score + 1e-12);
            expect(h.tokens.includes(END)).toBe(false);
            expect(h.finished || h.tokens.length === options.maxLength).toBe(true);
            expect(h.logProb).toBeCloseTo(logProbOf(b, dist, h, END), 12);
            expect(h.score).toBeCloseTo(h.logProb / lengthPenaltyOf(h.tokens.length + (h.finished ? 1 : 0), lengthPenalty), 12);
          });
          expect(new Set(hypotheses.map((h) => `${h.tokens.join(',')}|${h.finished}`)).size).toBe(hypotheses.length);
          if (beamWidth === 128) {
            // 27 live beams × 4 tokens = 108 candidates at the last step: nothing is ever dropped.
            expect(hypotheses.map((h) => [h.tokens, h.finished])).toEqual(all.slice(0, 10).map((h) => [h.tokens, h.finished]));
            hypotheses.forEach((h, i) => {
              expect(h.score).toBeCloseTo(all[i]!.score, 12);
            });
          }
        });
      }
    });

    it('records the attention row of every generated step along the hypothesis\' own path', async () => {
      const results = await beamSearch(batch, stepperOf(batch, dist, START), { ...base, beamWidth: 3, numReturn: 3 });
      results.forEach((hypotheses, b) => {
        for (const h of hypotheses) {
          const steps = h.tokens.length + (h.finished ? 1 : 0);
          expect(h.attention).toHaveLength(steps);
          h.attention!.forEach((row, t) => {
            expect([...row]).toEqual([t, b, t === 0 ? -1 : h.tokens[t - 1]!]);
          });
        }
      });
    });
  });

  it('is greedy decoding with beamWidth 1 (lengthPenalty 0)', async () => {
    for (const [sharpness, maxLength] of [[2, 4], [4, 6], [0.5, 3]] as const) {
      const dist = hashed(5, sharpness);
      const options = { beamWidth: 1, maxLength, startToken: 1, endToken: END };
      const results = await beamSearch(4, stepperOf(4, dist, 1), options);
      results.forEach(([h], b) => {
        const g = greedy(b, dist, options);
        expect({ tokens: h!.tokens, finished: h!.finished }).toEqual({ tokens: g.tokens, finished: g.finished });
        expect(h!.logProb).toBeCloseTo(g.logProb, 12);
      });
    }
  });

  it('with beamWidth 1 and a length penalty, keeps greedy\'s hypothesis and may find a better-scoring longer one', async () => {
    // Greedy ends at once (end 0.5 > 0.49); α = 2 makes [1, end] (0.49 · 0.9 over ((5 + 2) / 6)²) score higher.
    const dist = markov({ start: [0.5, 0.49, 0.01], 1: [0.9, 0.05, 0.05], 2: [0.9, 0.05, 0.05] });
    const options = { beamWidth: 1, maxLength: 4, startToken: 2, endToken: 0 };
    expect(greedy(0, dist, options).tokens).toEqual([]);
    const [zero] = await searchOne(stepperOf(1, dist, 2), options);
    expect(zero!.tokens).toEqual([]);
    const [penalised] = await searchOne(stepperOf(1, dist, 2), { ...options, lengthPenalty: 2 });
    expect(penalised!.tokens).toEqual([1]);
    expect(penalised!.score).toBeCloseTo((Math.log(0.49) + Math.log(0.9)) / (7 / 6) ** 2, 12);
    expect(penalised!.score).toBeGreaterThan(Math.log(0.5));
    // In general: never below greedy's own score under the same penalty.
    for (let seed = 0; seed < 3; seed++) {
      const hashedDist = hashed(5, 1 + seed);
      const results = await beamSearch(3, stepperOf(3, hashedDist, 1), { ...options, startToken: 1, lengthPenalty: 0.6 });
      results.forEach(([h], b) => {
        const g = greedy(b, hashedDist, options);
        expect(h!.score).toBeGreaterThanOrEqual(g.logProb / lengthPenaltyOf(g.tokens.length + (g.finished ? 1 : 0), 0.6) - 1e-12);
      });
    }
  });

  it('finds what greedy misses: 0.6 then spread thin loses to 0.4 then 0.95', async () => {
    const dist = markov({
      start: [0.001, 0.6, 0.399, 0, 0], // log 0 = −∞: tokens 3 and 4 are impossible first
      1: [0.22, 0.2, 0.2, 0.19, 0.19],
      2: [0.95, 0.0125, 0.0125, 0.0125, 0.0125],
      3: [0.2, 0.2, 0.2, 0.2, 0.2],
      4: [0.2, 0.2, 0.2, 0.2, 0.2],
    });
    const options = { maxLength: 5, startToken: 4, endToken: 0 };
    const [byGreedy] = await searchOne(stepperOf(1, dist, 4), { ...options, beamWidth: 1 });
    expect(byGreedy!.tokens).toEqual([1]);
    expect(byGreedy!.logProb).toBeCloseTo(Math.log(0.6 * 0.22), 12);
    for (const beamWidth of [2, 3, 4]) {
      const [best, second] = await searchOne(stepperOf(1, dist, 4), { ...options, beamWidth, numReturn: 2 });
      expect(best!.tokens).toEqual([2]);
      expect(best!.finished).toBe(true);
      expect(best!.logProb).toBeCloseTo(Math.log(0.399) + Math.log(0.95), 12);
      expect(second!.tokens).toEqual([1]);
      expect(second!.score).toBeLessThan(best!.score);
    }
    expect(exhaustive(0, dist, { ...options, beamWidth: 1 })[0]!.tokens).toEqual([2]);
  });

  it('returns numReturn hypotheses best first, fewer when fewer exist', async () => {
    // From the start: end 0.5, or token 1 then surely the end (0.5 · 1).
    const dist = markov({ start: [0.5, 0.3, 0.2], 1: [1, 0, 0], 2: [0.9, 0.05, 0.05] });
    const [hypotheses] = await beamSearch(1, stepperOf(1, dist, 2), { beamWidth: 3, numReturn: 3, maxLength: 3, startToken: 2, endToken: 0 });
    expect(hypotheses!.map((h) => h.tokens)).toEqual([[], [1], [2]]);
    expect(hypotheses!.map((h) => h.logProb)).toEqual([Math.log(0.5), Math.log(0.3), Math.log(0.2) + Math.log(0.9)]);
    // With a length penalty the longer ones gain: ((5 + 2) / 6)^α > 1 divides a negative log-probability.
    const [penalised] = await beamSearch(1, stepperOf(1, dist, 2), { beamWidth: 3, numReturn: 3, maxLength: 3, startToken: 2, endToken: 0, lengthPenalty: 1 });
    expect(penalised!.map((h) => h.score)).toEqual([Math.log(0.3) / (7 / 6), Math.log(0.5), (Math.log(0.2) + Math.log(0.9)) / (7 / 6)].sort((a, b) => b - a));
  });

  it('stops at maxLength with finished: false when nothing ends', async () => {
    const dist = markov({ start: [1e-9, 0.5, 0.5 - 1e-9], 1: [1e-9, 0.3, 0.7 - 1e-9], 2: [1e-9, 0.6, 0.4 - 1e-9] });
    const calls: { rows: number }[] = [];
    const [best] = await searchOne(stepperOf(1, dist, 1, calls), { beamWidth: 2, maxLength: 3, startToken: 1, endToken: 0 });
    expect(calls).toHaveLength(3);
    expect(best!.finished).toBe(false);
    expect(best!.tokens).toHaveLength(3);
    expect(best!.tokens).toEqual([1, 2, 1]);
    expect(best!.logProb).toBeCloseTo(Math.log(0.5) + Math.log(0.7 - 1e-9) + Math.log(0.6), 12);
    expect(best!.attention).toHaveLength(3);
  });

  it('asks only for the rows of entries still searching, and takes an async stepper', async () => {
    // Entry 0 ends at once; entry 1 never does.
    const dist: Distribution = (entry) => (entry === 0 ? [0.99, 0.005, 0.005] : [1e-6, 0.5, 0.5 - 1e-6]);
    const calls: { rows: number }[] = [];
    const inner = stepperOf(2, dist, 2, calls);
    const results = await beamSearch(2, async (parents, tokens) => Promise.resolve(inner(parents, tokens)), { beamWidth: 1, maxLength: 4, startToken: 2, endToken: 0 });
    expect(calls.map((c) => c.rows)).toEqual([2, 1, 1, 1]);
    expect(results[0]![0]!).toMatchObject({ tokens: [], finished: true });
    expect(results[1]![0]!).toMatchObject({ finished: false });
    expect(results[1]![0]!.tokens).toHaveLength(4);
  });

  it('stops early once no live beam can beat the finished ones', async () => {
    const dist = markov({ start: [0.9, 0.05, 0.05], 1: [0.5, 0.25, 0.25], 2: [0.5, 0.25, 0.25] });
    const calls: { rows: number }[] = [];
    const [best] = await searchOne(stepperOf(1, dist, 2, calls), { beamWidth: 1, maxLength: 50, startToken: 2, endToken: 0 });
    expect(best!.tokens).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('throws typed errors for bad options and bad step answers', async () => {
    const step = stepperOf(1, hashed(3), 1);
    const good: BeamSearchOptions = { beamWidth: 2, maxLength: 3, startToken: 1, endToken: 0 };
    const cases: [Partial<BeamSearchOptions>, RegExp][] = [
      [{ beamWidth: 0 }, /beamWidth must be an integer ≥ 1, got 0/],
      [{ beamWidth: 1.5 }, /beamWidth must be an integer ≥ 1, got 1.5/],
      [{ maxLength: 0 }, /maxLength must be an integer ≥ 1, got 0/],
      [{ numReturn: 0 }, /numReturn must be an integer ≥ 1, got 0/],
      [{ numReturn: 3 }, /numReturn is 3, more than beamWidth 2/],
      [{ lengthPenalty: Number.NaN }, /lengthPenalty must be a finite number, got NaN/],
      [{ lengthPenalty: Infinity }, /lengthPenalty must be a finite number, got Infinity/],
      [{ startToken: -1 }, /startToken must be a token id ≥ 0, got -1/],
      [{ endToken: 0.5 }, /endToken must be a token id ≥ 0, got 0.5/],
    ];
    for (const [bad, message] of cases) {
      await expect(beamSearch(1, step, { ...good, ...bad })).rejects.toThrow(ArgumentError);
      await expect(beamSearch(1, step, { ...good, ...bad })).rejects.toThrow(message);
    }
    await expect(beamSearch(0, step, good)).rejects.toThrow(/batch must be an integer ≥ 1, got 0/);
    await expect(beamSearch(2, () => ({ logProbs: [0, 0, 0] }), good)).rejects.toThrow(/returned 3 log-probabilities for 2 rows/);
    await expect(beamSearch(1, () => ({ logProbs: [] }), good)).rejects.toThrow(/returned 0 log-probabilities for 1 rows/);
    await expect(beamSearch(1, () => ({ logProbs: [0, Number.NaN, 0] }), good)).rejects.toThrow(/returned NaN for token 1 of row 0/);
  });
});
