/**
 * A seq2seq task where greedy decoding is known to err. The source is a string of random digits;
 * its target is drawn at random each time it is seen:
 *
 *   "B-" + source                  with probability 0.4   (the mode: the most probable target)
 *   "A" + k + source, k ∈ {x,y,z}  with probability 0.2 each
 *
 * The first token is 'A' with probability 0.6 > 0.4, so a model that has learned the
 * distribution and decodes greedily starts with 'A' and ends on one of the three A-strings
 * (probability 0.2), never on the mode (0.4): the most probable first token does not start the
 * most probable sequence. A beam of width 2 keeps 'B' alive after the first step and finds it.
 */
import type { Draws } from '../shared/draws.js';
import { CharVocabulary, type PairSet } from '../shared/seq2seq.js';

export const SOURCE_CHARS = new CharVocabulary('0123456789');
export const TARGET_CHARS = new CharVocabulary('0123456789ABxyz-$');
export const END = TARGET_CHARS.id('$');

/** P(mode) and the A-strings' second characters (each gets (1 − P(mode)) / 3). */
export const MODE_PROBABILITY = 0.4;
export const A_KINDS = ['x', 'y', 'z'] as const;

/** Every target a source can have, the mode first, with its probability. */
export function targetsOf(source: string): { text: string; probability: number }[] {
  return [{ text: `B-${source}`, probability: MODE_PROBABILITY }, ...A_KINDS.map((k) => ({ text: `A${k}${source}`, probability: (1 - MODE_PROBABILITY) / A_KINDS.length }))];
}

export const modeOf = (source: string): string => `B-${source}`;

/** `count` random sources of `length` digits. */
export function beamSources(draws: Draws, count: number, length: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length }, () => String(draws.int(0, 10))).join(''));
}

/** A target drawn from the distribution of `source`. */
export function drawTarget(draws: Draws, source: string): string {
  const u = draws.unit();
  const options = targetsOf(source);
  let cumulative = 0;
  for (const option of options) {
    cumulative += option.probability;
    if (u < cumulative) return option.text;
  }
  return options.at(-1)!.text;
}

/** A training batch: fresh sources, each with a freshly drawn target. */
export function beamBatch(draws: Draws, count: number, length: number): PairSet {
  const sources = beamSources(draws, count, length);
  return encode(sources, sources.map((s) => drawTarget(draws, s)));
}

export function encode(sources: readonly string[], targets: readonly string[]): PairSet {
  return { sources: sources.map((s) => SOURCE_CHARS.encode(s)), targets: targets.map((t) => [...TARGET_CHARS.encode(t), END]) };
}
