/**
 * Trains the beam task's model on freshly drawn (source, target) pairs until it has learned the
 * target distribution (its probabilities of the mode and of each A-string are checked every
 * `evalEvery` steps), then decodes a fixed set of sources greedily and with beams of each width
 * and reports, per width, the mean model log-probability of the decoded outputs and the share
 * that are the mode. `compareOnDates` does the greedy/beam comparison on the dates example's
 * validation set with a model that `dates/main.ts --save` wrote.
 */
import { Generator, dispose, sum, tidy } from '@rnn/tensor';
import { loadModelFile, Seq2Seq } from '@rnn/layers';
import { Adam, fit, sequenceCrossEntropy } from '@rnn/train';
import { Draws } from '../shared/draws.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { decodeSet, exactMatchOf, pairBatch, pairLoss, range, type PairSet } from '../shared/seq2seq.js';
import { datePairs } from '../dates/data.js';
import { DATES_DEFAULTS, datesValidation, type DatesOptions } from '../dates/train.js';
import { A_KINDS, beamBatch, beamSources, encode, MODE_PROBABILITY, modeOf, TARGET_CHARS, targetsOf } from './data.js';
import { beamModel } from './model.js';

export interface BeamOptions {
  /** Digits in a source. */
  readonly sourceLength: number;
  readonly hiddenSize: number;
  readonly embeddingDim: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Sources decoded at the end (and whose target probabilities are tracked). */
  readonly testSize: number;
  /** Beam widths compared, comma-separated; 1 is greedy. */
  readonly widths: string;
  /** Weights from `seed`, training pairs from `seed + 1`, test sources from `seed + 2`. */
  readonly seed: number;
}

export const BEAM_DEFAULTS: BeamOptions = {
  sourceLength: 5,
  hiddenSize: 64,
  embeddingDim: 16,
  batchSize: 64,
  lr: 3e-3,
  steps: 1500,
  clipNorm: 5,
  evalEvery: 250,
  testSize: 500,
  widths: '1,2,4,8',
  seed: 1,
};

/** Mean model probabilities of the targets (truth: mode 0.4, each A-string 0.2, their total 1). */
export interface DistributionFit extends Record<string, number> {
  readonly pMode: number;
  /** Mean over the three A-strings. */
  readonly pA: number;
  /** P(mode) + Σ P(A-strings): the mass on the four right answers. */
  readonly mass: number;
}

export type BeamEvaluation = Evaluation<DistributionFit>;

export interface DecodingFigures {
  readonly width: number;
  /** Mean over the test sources of the decoded output's model log-probability (end token included). */
  readonly meanLogProb: number;
  /** The share of decoded outputs equal to the mode "B-…". */
  readonly modeShare: number;
  /** The share equal to one of the four possible targets. */
  readonly validShare: number;
  /** Mean true probability of the decoded output under the data distribution. */
  readonly trueProbability: number;
}

export interface BeamResult {
  readonly options: BeamOptions;
  readonly evaluations: readonly BeamEvaluation[];
  readonly decoding: readonly DecodingFigures[];
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

export const parseWidths = (widths: string): number[] => widths.split(',').map((w) => Number(w.trim()));

/** Σ_t log p(target_t) of each pair, teacher-forced: the model's log-probability of the whole target. */
export function sequenceLogProbs(model: Seq2Seq, set: PairSet): Float64Array {
  const batch = pairBatch(set, range(0, set.sources.length));
  try {
    const perToken = tidy(() => {
      const { logits } = model.call(batch.source, batch.targets, { ...(batch.sourceLengths ? { sourceLengths: batch.sourceLengths } : {}), targetLengths: batch.targetLengths });
      return sum(sequenceCrossEntropy(logits, batch.targets, batch.targetLengths, { reduction: 'none' }), 0);
    });
    const out = Float64Array.from(perToken.dataSync(), (loss) => -loss);
    perToken.dispose();
    return out;
  } finally {
    dispose([batch.source, batch.targets]);
  }
}

function distributionFit(model: Seq2Seq, sources: readonly string[]): DistributionFit {
  const candidates = targetsOf(sources[0]!).length;
  const p = Array.from({ length: candidates }, (_, k) => {
    const logProbs = sequenceLogProbs(model, encode(sources, sources.map((s) => targetsOf(s)[k]!.text)));
    return logProbs.reduce((a, lp) => a + Math.exp(lp), 0) / sources.length;
  });
  return { pMode: p[0]!, pA: p.slice(1).reduce((a, b) => a + b, 0) / A_KINDS.length, mass: p.reduce((a, b) => a + b, 0) };
}

export async function decodingFigures(model: Seq2Seq, sources: readonly string[], width: number): Promise<DecodingFigures> {
  const hypotheses = await decodeSet(model, encode(sources, sources.map(modeOf)).sources, { beamWidth: width });
  let logProb = 0;
  let mode = 0;
  let valid = 0;
  let trueProbability = 0;
  hypotheses.forEach((h, i) => {
    const text = TARGET_CHARS.decode(h.tokens);
    const match = h.finished ? targetsOf(sources[i]!).find((t) => t.text === text) : undefined;
    logProb += h.logProb;
    if (text === modeOf(sources[i]!) && h.finished) mode++;
    if (match) valid++;
    trueProbability += match?.probability ?? 0;
  });
  const n = sources.length;
  return { width, meanLogProb: logProb / n, modeShare: mode / n, validShare: valid / n, trueProbability: trueProbability / n };
}

export async function trainBeam(overrides: Partial<BeamOptions> = {}, onEvaluation?: (e: BeamEvaluation) => void): Promise<BeamResult> {
  const options = { ...BEAM_DEFAULTS, ...overrides };
  const { sourceLength, seed, batchSize } = options;
  const model = beamModel({ ...options, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const draws = new Draws(new Generator(seed + 1));
  const testSources = beamSources(new Draws(new Generator(seed + 2)), options.testSize, sourceLength);
  const record = new RunRecord<DistributionFit>(onEvaluation);
  let steps: number;
  const decoding: DecodingFigures[] = [];
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: { next: () => beamBatch(draws, batchSize, sourceLength) },
      loss: (set) => pairLoss(model, pairBatch(set, range(0, batchSize))),
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: { every: options.evalEvery, evaluate: () => record.timed(() => ({ ...distributionFit(model, testSources) })) },
      callbacks: [record.callback],
    }));
    model.eval();
    for (const width of parseWidths(options.widths)) decoding.push(await decodingFigures(model, testSources, width));
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return { options, evaluations: record.evaluations, decoding, ...record.timing(steps) };
}

/** The truth the figures are compared with: the mode's log-probability and an A-string's. */
export const TRUE_LOG_PROBS = { mode: Math.log(MODE_PROBABILITY), aString: Math.log((1 - MODE_PROBABILITY) / A_KINDS.length) };

/** Greedy vs beam exact match on the dates validation set, with a saved dates model. */
export async function compareOnDates(path: string, widths: readonly number[], datesOptions: Partial<DatesOptions> = {}): Promise<{ width: number; exactMatch: number; meanLogProb: number }[]> {
  const model = await loadModelFile(path);
  if (!(model instanceof Seq2Seq)) {
    model.dispose();
    throw new TypeError(`${path} does not hold a Seq2Seq model`);
  }
  try {
    model.eval();
    const { validation } = datesValidation({ ...DATES_DEFAULTS, ...datesOptions });
    const set = datePairs(validation);
    const out: { width: number; exactMatch: number; meanLogProb: number }[] = [];
    for (const width of widths) {
      const hypotheses = await decodeSet(model, set.sources, { beamWidth: width });
      out.push({ width, exactMatch: exactMatchOf(hypotheses, set.targets), meanLogProb: hypotheses.reduce((a, h) => a + h.logProb, 0) / hypotheses.length });
    }
    return out;
  } finally {
    model.dispose();
  }
}
