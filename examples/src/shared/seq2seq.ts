/**
 * What the sequence-to-sequence examples share: a character vocabulary, sets of (source, target)
 * id sequences, batches of them as time-major tensors, and the evaluations — teacher-forced loss
 * and token accuracy, and exact match of the decoded outputs (greedy on the device, or beam
 * search through `Seq2Seq.translate`).
 */
import { dispose, tidy, type Tensor } from '@rnn/tensor';
import type { Hypothesis, Seq2Seq } from '@rnn/layers';
import { padSequences, sequenceCrossEntropy, tokenAccuracy } from '@rnn/train';

/** Characters ↔ ids, in the order given. */
export class CharVocabulary {
  readonly chars: readonly string[];
  readonly #ids: Map<string, number>;

  constructor(chars: Iterable<string>) {
    this.chars = [...new Set(chars)];
    this.#ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.chars.length;
  }

  id(char: string): number {
    const id = this.#ids.get(char);
    if (id === undefined) throw new RangeError(`CharVocabulary: ${JSON.stringify(char)} is not in the vocabulary`);
    return id;
  }

  encode(text: string): number[] {
    return Array.from(text, (c) => this.id(c));
  }

  decode(ids: Iterable<number>): string {
    return [...ids].map((i) => this.chars[i] ?? '?').join('');
  }
}

/** Source and target id sequences; every target ends with the model's end token. */
export interface PairSet {
  readonly sources: readonly (readonly number[])[];
  readonly targets: readonly (readonly number[])[];
}

/** A batch as the model takes it. `sourceLengths` is undefined when every source has the same length. */
export type PairBatch = {
  /** int32 `[S, B]`. */
  readonly source: Tensor;
  readonly sourceLengths: number[] | undefined;
  /** int32 `[T, B]`, padded with id 0. */
  readonly targets: Tensor;
  readonly targetLengths: number[];
};

/** The pairs at `indices` as padded time-major tensors. */
export function pairBatch(set: PairSet, indices: ArrayLike<number>): PairBatch {
  const pick = Array.from(indices);
  const source = padSequences(pick.map((i) => set.sources[i]!));
  const targets = padSequences(pick.map((i) => set.targets[i]!));
  const steps = source.x.shape[0]!;
  return { source: source.x, sourceLengths: source.lengths.every((n) => n === steps) ? undefined : source.lengths, targets: targets.x, targetLengths: targets.lengths };
}

/** `[start, start + count)`. */
export const range = (start: number, count: number): Int32Array => Int32Array.from({ length: count }, (_, i) => start + i);

/** The mean per-token loss of a batch under teacher forcing. */
export function pairLoss(model: Seq2Seq, batch: PairBatch): Tensor {
  const { logits } = model.call(batch.source, batch.targets, { ...(batch.sourceLengths ? { sourceLengths: batch.sourceLengths } : {}), targetLengths: batch.targetLengths });
  return sequenceCrossEntropy(logits, batch.targets, batch.targetLengths);
}

export interface Seq2SeqMetrics {
  /** Greedy decoding: the share of outputs equal to the target (end token included). */
  readonly exactMatch: number;
  /** Teacher forcing: the share of target tokens that are the argmax. */
  readonly tokenAccuracy: number;
  /** Teacher forcing: the mean cross-entropy per target token. */
  readonly loss: number;
}

/**
 * Loss and token accuracy with teacher forcing, and greedy exact match (decoded on the device,
 * one read per chunk), over the whole set in chunks.
 */
export function evaluateSeq2Seq(model: Seq2Seq, set: PairSet, chunkSize = 500): Seq2SeqMetrics {
  let lossSum = 0;
  let correctTokens = 0;
  let tokens = 0;
  let exact = 0;
  const total = set.sources.length;
  for (let start = 0; start < total; start += chunkSize) {
    const count = Math.min(chunkSize, total - start);
    const batch = pairBatch(set, range(start, count));
    try {
      const n = batch.targetLengths.reduce((a, b) => a + b, 0);
      const [loss, accuracy, decoded] = tidy(() => {
        const { logits } = model.call(batch.source, batch.targets, { ...(batch.sourceLengths ? { sourceLengths: batch.sourceLengths } : {}), targetLengths: batch.targetLengths });
        const greedy = model.decodeGreedy(batch.source, { ...(batch.sourceLengths ? { sourceLengths: batch.sourceLengths } : {}), maxLength: batch.targets.shape[0]! });
        return [sequenceCrossEntropy(logits, batch.targets, batch.targetLengths, { reduction: 'sum' }), tokenAccuracy(logits, batch.targets, batch.targetLengths), greedy.tokens];
      });
      lossSum += loss.itemSync();
      correctTokens += accuracy.itemSync() * n;
      tokens += n;
      const ids = decoded.dataSync();
      dispose([loss, accuracy, decoded]);
      for (let b = 0; b < count; b++) {
        const target = set.targets[start + b]!;
        if (target.every((id, t) => ids[t * count + b] === id)) exact++;
      }
    } finally {
      dispose([batch.source, batch.targets]);
    }
  }
  return { exactMatch: exact / total, tokenAccuracy: correctTokens / tokens, loss: lossSum / tokens };
}

/** Decodes every source of the set (greedy for beamWidth 1, beam search otherwise), best hypothesis each. */
export async function decodeSet(model: Seq2Seq, sources: readonly (readonly number[])[], { beamWidth = 1, chunkSize = 250, lengthPenalty = 0 }: { beamWidth?: number; chunkSize?: number; lengthPenalty?: number } = {}): Promise<Hypothesis[]> {
  const out: Hypothesis[] = [];
  for (let start = 0; start < sources.length; start += chunkSize) {
    const { x, lengths } = padSequences(sources.slice(start, start + chunkSize));
    try {
      const hypotheses = await model.translate(x, { sourceLengths: lengths, beamWidth, lengthPenalty });
      out.push(...hypotheses.map((h) => h[0]!));
    } finally {
      x.dispose();
    }
  }
  return out;
}

/** The share of hypotheses that ended and equal their target (targets end with the end token). */
export function exactMatchOf(hypotheses: readonly Hypothesis[], targets: readonly (readonly number[])[]): number {
  let exact = 0;
  hypotheses.forEach((h, i) => {
    const target = targets[i]!;
    if (h.finished && h.tokens.length === target.length - 1 && h.tokens.every((id, t) => id === target[t])) exact++;
  });
  return exact / hypotheses.length;
}
