/**
 * Beam search over any step function that gives next-token log-probabilities: the host-side
 * bookkeeping (which beams live, which finished, their scores), independent of tensors so it can
 * be tested against exhaustive search. Each entry of a batch keeps `beamWidth` live hypotheses;
 * every step extends them all by every token and keeps the best `beamWidth` that do not end,
 * setting aside those that end. Scores use GNMT's length penalty (Wu et al. 2016):
 * `score = logP / ((5 + |Y|) / 6)^α`, where |Y| counts the end token.
 */
import { ArgumentError } from '@rnn/tensor';

export interface BeamSearchOptions {
  /** Live hypotheses kept per entry (1 with lengthPenalty 0 is greedy decoding). */
  readonly beamWidth: number;
  /** The most tokens a hypothesis generates, its end token included: the search always stops. */
  readonly maxLength: number;
  readonly startToken: number;
  readonly endToken: number;
  /** GNMT's α (default 0: plain log-probability, which favours short outputs). */
  readonly lengthPenalty?: number;
  /** Hypotheses returned per entry, best first (default 1, at most beamWidth). */
  readonly numReturn?: number;
}

/** One decoded output. */
export interface Hypothesis {
  /** The generated tokens, without the start and end tokens. */
  readonly tokens: number[];
  /** Σ log p of the generated tokens, the end token included when it was generated. */
  readonly logProb: number;
  /** `logProb` divided by the length penalty: what hypotheses are ranked by. */
  readonly score: number;
  /** True when the hypothesis generated the end token; false when maxLength cut it off. */
  readonly finished: boolean;
  /** The attention weights over the source at each generated step (end token included), when the model attends. */
  readonly attention: Float32Array[] | null;
}

/** The model's answer for the rows of one step: log-probabilities `[rows × vocab]` and, when it attends, weights `[rows × sourceSteps]`. */
export interface BeamStep {
  readonly logProbs: ArrayLike<number>;
  readonly attention?: ArrayLike<number> | null;
}

/**
 * Advances the model: row r of this step continues row `parents[r]` of the previous step's
 * output (of the initial state, one row per entry, at the first step) and is fed `tokens[r]`.
 */
export type BeamStepper = (parents: Int32Array, tokens: Int32Array) => Promise<BeamStep> | BeamStep;

interface Beam {
  readonly tokens: number[];
  readonly logProb: number;
  readonly attention: Float32Array[] | null;
  /** Its row in the last step's output (in the initial state before the first step). */
  readonly row: number;
}

interface Candidate {
  readonly beam: Beam;
  readonly row: number;
  readonly token: number;
  readonly logProb: number;
}

/** GNMT's length penalty for a hypothesis of `length` tokens. */
export function lengthPenaltyOf(length: number, alpha: number): number {
  return alpha === 0 ? 1 : ((5 + length) / 6) ** alpha;
}

/**
 * Decodes `batch` entries at once and returns, per entry, its best hypotheses, best first.
 *
 * @example
 * const [best] = (await beamSearch(1, step, { beamWidth: 4, maxLength: 20, startToken: 0, endToken: 0 }))[0]!;
 */
export async function beamSearch(batch: number, step: BeamStepper, options: BeamSearchOptions): Promise<Hypothesis[][]> {
  const { beamWidth, maxLength, startToken, endToken, lengthPenalty = 0, numReturn = 1 } = options;
  checkOptions(batch, options);
  const alive: Beam[][] = Array.from({ length: batch }, (_, b) => [{ tokens: [], logProb: 0, attention: null, row: b }]);
  const finished: Hypothesis[][] = Array.from({ length: batch }, () => []);
  const done = new Array<boolean>(batch).fill(false);
  for (let length = 1; length <= maxLength && done.includes(false); length++) {
    const rows = alive.flatMap((beams, b) => (done[b] ? [] : beams));
    const parents = Int32Array.from(rows, (beam) => beam.row);
    const tokens = Int32Array.from(rows, (beam) => beam.tokens.at(-1) ?? startToken);
    const { logProbs, attention = null } = await step(parents, tokens);
    const vocab = logProbs.length / rows.length;
    const sourceSteps = attention === null ? 0 : attention.length / rows.length;
    if (!Number.isInteger(vocab) || vocab < 1) throw new ArgumentError('beamSearch', 'step', `returned ${logProbs.length} log-probabilities for ${rows.length} rows`);
    let row = 0;
    for (let b = 0; b < batch; b++) {
      if (done[b]) continue;
      const beams = alive[b]!;
      const candidates = topCandidates(beams, row, logProbs, vocab, 2 * beamWidth);
      row += beams.length;
      const next: Beam[] = [];
      for (const [rank, candidate] of candidates.entries()) {
        const weights = attention === null ? null : Float32Array.from({ length: sourceSteps }, (_, s) => attention[candidate.row * sourceSteps + s]!);
        const history = weights === null ? null : [...(candidate.beam.attention ?? []), weights];
        if (candidate.token === endToken) {
          // An ending ranked below the beam would not have been kept (so width 1 with lengthPenalty 0 is exactly greedy).
          if (rank >= beamWidth) continue;
          finished[b]!.push(hypothesis(candidate.beam.tokens, candidate.logProb, history, true, lengthPenalty));
        } else if (next.length < beamWidth) {
          next.push({ tokens: [...candidate.beam.tokens, candidate.token], logProb: candidate.logProb, attention: history, row: candidate.row });
        }
      }
      alive[b] = next;
      if (length === maxLength) {
        for (const beam of next) finished[b]!.push(hypothesis(beam.tokens, beam.logProb, beam.attention, false, lengthPenalty));
        done[b] = true;
      } else {
        done[b] = next.length === 0 || settled(finished[b]!, next, { beamWidth, length, maxLength, lengthPenalty });
      }
    }
  }
  return finished.map((list) => [...list].sort((x, y) => y.score - x.score).slice(0, numReturn));
}

/** The `count` best one-token extensions of `beams` (whose rows start at `firstRow`), best first. */
function topCandidates(beams: readonly Beam[], firstRow: number, logProbs: ArrayLike<number>, vocab: number, count: number): Candidate[] {
  const best: Candidate[] = [];
  beams.forEach((beam, i) => {
    const row = firstRow + i;
    for (let token = 0; token < vocab; token++) {
      const logProb = beam.logProb + logProbs[row * vocab + token]!;
      if (Number.isNaN(logProb)) throw new ArgumentError('beamSearch', 'step', `returned NaN for token ${token} of row ${row}`);
      if (best.length === count && logProb <= best[count - 1]!.logProb) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.logProb < logProb) at--;
      best.splice(at, 0, { beam, row, token, logProb });
      if (best.length > count) best.pop();
    }
  });
  return best;
}

/**
 * Whether no live beam can still beat the `beamWidth` best finished ones: log-probabilities only
 * fall as a hypothesis grows, so the best it could score is its log-probability under the most
 * favourable length penalty still reachable.
 */
function settled(finished: readonly Hypothesis[], alive: readonly Beam[], { beamWidth, length, maxLength, lengthPenalty }: { beamWidth: number; length: number; maxLength: number; lengthPenalty: number }): boolean {
  if (finished.length < beamWidth) return false;
  const kept = [...finished].sort((x, y) => y.score - x.score)[beamWidth - 1]!.score;
  const bestAlive = Math.max(...alive.map((beam) => beam.logProb));
  const bound = Math.max(bestAlive / lengthPenaltyOf(length + 1, lengthPenalty), bestAlive / lengthPenaltyOf(maxLength, lengthPenalty));
  return bound <= kept;
}

function hypothesis(tokens: number[], logProb: number, attention: Float32Array[] | null, ended: boolean, alpha: number): Hypothesis {
  const length = tokens.length + (ended ? 1 : 0);
  return { tokens, logProb, score: logProb / lengthPenaltyOf(length, alpha), finished: ended, attention };
}

function checkOptions(batch: number, { beamWidth, maxLength, lengthPenalty = 0, numReturn = 1, startToken, endToken }: BeamSearchOptions): void {
  const positive = (name: string, value: number): void => {
    if (!Number.isSafeInteger(value) || value < 1) throw new ArgumentError('beamSearch', name, `must be an integer ≥ 1, got ${value}`);
  };
  positive('batch', batch);
  positive('beamWidth', beamWidth);
  positive('maxLength', maxLength);
  positive('numReturn', numReturn);
  if (numReturn > beamWidth) throw new ArgumentError('beamSearch', 'numReturn', `is ${numReturn}, more than beamWidth ${beamWidth}`);
  if (!Number.isFinite(lengthPenalty)) throw new ArgumentError('beamSearch', 'lengthPenalty', `must be a finite number, got ${lengthPenalty}`);
  for (const [name, token] of [['startToken', startToken], ['endToken', endToken]] as const) {
    if (!Number.isSafeInteger(token) || token < 0) throw new ArgumentError('beamSearch', name, `must be a token id ≥ 0, got ${token}`);
  }
}
