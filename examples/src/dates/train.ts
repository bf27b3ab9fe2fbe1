/**
 * The date-normalisation run: training batches drawn afresh every step from the training days
 * (random format and letter case), a fixed validation set of 2000 inputs written from days
 * training never sees, greedy exact match every `evalEvery` steps; at the end, greedy against
 * beam search on the validation set, where the attention goes (the share of each output field's
 * attention that falls on the input characters of the same field), and a few examples' weights.
 */
import { Generator, dispose, tidy } from '@rnn/tensor';
import type { Seq2Seq } from '@rnn/layers';
import { Adam, fit } from '@rnn/train';
import { Draws } from '../shared/draws.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { decodeSet, evaluateSeq2Seq, exactMatchOf, pairBatch, pairLoss, range, type Seq2SeqMetrics } from '../shared/seq2seq.js';
import type { HeatmapPanel } from '../shared/heatmap.js';
import { dateExamples, datePairs, FORMATS, OUTPUT_CHARS, splitDays, type DateExample, type Field } from './data.js';
import { dateModel, type AttentionKind, type DateCell } from './model.js';

export interface DatesOptions {
  readonly attention: AttentionKind;
  readonly cell: DateCell;
  readonly encoderSize: number;
  readonly decoderSize: number;
  readonly embeddingDim: number;
  readonly batchSize: number;
  readonly lr: number;
  /** Optimizer steps at most. */
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Stop at the first evaluation whose exact match reaches this (0: run all steps). */
  readonly stopAt: number;
  /** The share of the 36 525 days held out for validation. */
  readonly validationDays: number;
  /** Inputs in the validation set. */
  readonly validationSize: number;
  /** Beam width compared with greedy decoding at the end (1: skip). */
  readonly beamWidth: number;
  /** Validation examples drawn in the heatmap. */
  readonly heatmapExamples: number;
  /** Days split from `seed`, validation inputs from `seed + 1`, weights from `seed + 2`, training inputs from `seed + 3`. */
  readonly seed: number;
}

export const DATES_DEFAULTS: DatesOptions = {
  attention: 'luong',
  cell: 'gru',
  encoderSize: 64,
  decoderSize: 128,
  embeddingDim: 32,
  batchSize: 64,
  lr: 3e-3,
  steps: 4000,
  clipNorm: 5,
  evalEvery: 250,
  stopAt: 0.995,
  validationDays: 0.1,
  validationSize: 2000,
  beamWidth: 4,
  heatmapExamples: 4,
  seed: 1,
};

export type DatesEvaluation = Evaluation<Seq2SeqMetrics & Record<string, number>>;

/** Mean share of a field's output rows' attention on that field's input characters, and what spreading it evenly would give. */
export type AttentionShares = Readonly<Record<Field, { readonly share: number; readonly uniform: number }>> & {
  /** Per output character of "YYYY-MM-DD": the mean share on its own field's input characters (null for the dashes). */
  readonly byRow: readonly (number | null)[];
};

export interface DatesResult {
  readonly options: DatesOptions;
  readonly evaluations: readonly DatesEvaluation[];
  readonly steps: number;
  readonly finalExactMatch: number;
  readonly firstStepAt99: number | null;
  /** Exact match on the validation set, decoded greedily and with `beamWidth` beams. */
  readonly greedyExactMatch: number;
  readonly beamExactMatch: number | null;
  readonly attentionShares: AttentionShares;
  readonly panels: readonly HeatmapPanel[];
  /** Validation inputs decoded wrong by greedy decoding (at most 10). */
  readonly errors: readonly { input: string; target: string; predicted: string }[];
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

/** The validation set every dates run (and the beam example) uses for a seed. */
export function datesValidation(options: Pick<DatesOptions, 'seed' | 'validationDays' | 'validationSize'>): { trainDays: Int32Array; validation: DateExample[] } {
  const { train, validation } = splitDays(new Generator(options.seed), options.validationDays);
  return { trainDays: train, validation: dateExamples(new Generator(options.seed + 1), validation, options.validationSize) };
}

/** Output rows of each field in "YYYY-MM-DD". */
const ROWS: Readonly<Record<Field, readonly number[]>> = { year: [0, 1, 2, 3], month: [5, 6], day: [8, 9] };

/** Teacher-forced attention over `examples`: for each field, the mean share its output rows put on its input span. */
export function attentionShares(model: Seq2Seq, examples: readonly DateExample[], chunkSize = 500): AttentionShares {
  const totals = { year: { share: 0, uniform: 0 }, month: { share: 0, uniform: 0 }, day: { share: 0, uniform: 0 } };
  const byRow = new Array<number>(10).fill(0);
  const set = datePairs(examples);
  for (let start = 0; start < examples.length; start += chunkSize) {
    const count = Math.min(chunkSize, examples.length - start);
    const batch = pairBatch(set, range(start, count));
    const weights = tidy(() => model.call(batch.source, batch.targets, { ...(batch.sourceLengths ? { sourceLengths: batch.sourceLengths } : {}), targetLengths: batch.targetLengths }).attention!);
    const w = weights.dataSync();
    const steps = weights.shape[2]!;
    dispose([weights, batch.source, batch.targets]);
    for (let b = 0; b < count; b++) {
      const example = examples[start + b]!;
      for (const field of ['year', 'month', 'day'] as const) {
        const [from, to] = example.spans[field];
        for (const t of ROWS[field]) {
          let share = 0;
          for (let s = from; s < to; s++) share += w[(t * count + b) * steps + s]!;
          byRow[t]! += share;
          totals[field].share += share / ROWS[field].length;
        }
        totals[field].uniform += (to - from) / example.input.length;
      }
    }
  }
  const n = examples.length;
  const mean = (x: { share: number; uniform: number }) => ({ share: x.share / n, uniform: x.uniform / n });
  return { year: mean(totals.year), month: mean(totals.month), day: mean(totals.day), byRow: byRow.map((v, t) => (t === 4 || t === 7 ? null : v / n)) };
}

export async function trainDates(overrides: Partial<DatesOptions> = {}, onEvaluation?: (e: DatesEvaluation) => void, keep = false): Promise<DatesResult & { readonly model?: Seq2Seq }> {
  const options = { ...DATES_DEFAULTS, ...overrides };
  const { seed, batchSize } = options;
  const { trainDays, validation } = datesValidation(options);
  const validationSet = datePairs(validation);
  const model = dateModel({ ...options, generator: new Generator(seed + 2) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const draws = new Draws(new Generator(seed + 3));
  const record = new RunRecord<Seq2SeqMetrics & Record<string, number>>(onEvaluation);
  let steps: number;
  let greedyExactMatch: number;
  let beamExactMatch: number | null = null;
  let attention: AttentionShares;
  let panels: HeatmapPanel[];
  let errors: DatesResult['errors'];
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: { next: () => datePairs(dateExamples(draws, trainDays, batchSize)) },
      loss: (set) => pairLoss(model, pairBatch(set, range(0, batchSize))),
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: { every: options.evalEvery, evaluate: () => record.timed(() => ({ ...evaluateSeq2Seq(model, validationSet, 500) })) },
      callbacks: [
        record.callback,
        {
          onValidationEnd: ({ metrics }, context) => {
            if (options.stopAt > 0 && metrics.exactMatch! >= options.stopAt) context.stop(`exact match ≥ ${options.stopAt}`);
          },
        },
      ],
    }));
    model.eval();
    const greedy = await decodeSet(model, validationSet.sources);
    greedyExactMatch = exactMatchOf(greedy, validationSet.targets);
    if (options.beamWidth > 1) beamExactMatch = exactMatchOf(await decodeSet(model, validationSet.sources, { beamWidth: options.beamWidth }), validationSet.targets);
    attention = attentionShares(model, validation);
    errors = validation
      .map((e, i) => ({ input: e.input, target: e.target, predicted: OUTPUT_CHARS.decode(greedy[i]!.tokens) }))
      .filter((e) => e.predicted !== e.target)
      .slice(0, 10);
    panels = heatmapPicks(validation, options.heatmapExamples).map((i) => {
      const example = validation[i]!;
      const hypothesis = greedy[i]!;
      const predicted = OUTPUT_CHARS.decode(hypothesis.tokens);
      return {
        title: `"${example.input}" → ${predicted}${predicted === example.target ? '' : ` (target ${example.target})`}`,
        rows: [...Array.from(predicted), ...(hypothesis.finished ? ['$'] : [])],
        columns: Array.from(example.input),
        weights: (hypothesis.attention ?? []).map((row) => row.subarray(0, example.input.length)),
      };
    });
  } catch (e) {
    optimizer.dispose();
    model.dispose();
    throw e;
  }
  optimizer.dispose();
  if (!keep) model.dispose();
  const { evaluations } = record;
  return {
    options,
    evaluations,
    steps,
    finalExactMatch: record.final('exactMatch'),
    firstStepAt99: evaluations.find((e) => e.exactMatch >= 0.99)?.step ?? null,
    greedyExactMatch,
    beamExactMatch,
    attentionShares: attention,
    panels,
    errors,
    ...record.timing(steps),
    ...(keep ? { model } : {}),
  };
}

/** Formats the heatmap prefers (a weekday and names, American slashes, digits only, words around an ordinal, …). */
const HEATMAP_FORMATS = [5, 3, 12, 18, 9, 15, 19, 0];

/** Indices of the first validation examples in `count` different formats, preferred formats first. */
function heatmapPicks(validation: readonly DateExample[], count: number): number[] {
  const order = [...HEATMAP_FORMATS, ...FORMATS.map((_, f) => f).filter((f) => !HEATMAP_FORMATS.includes(f))];
  return order
    .map((f) => validation.findIndex((e) => e.format === f))
    .filter((i) => i >= 0)
    .slice(0, count);
}
