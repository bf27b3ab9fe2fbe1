import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend, dispose, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { encodeLinePairs, inOrder, longestTarget, pairBatch, PairBatches, pairTokenizers, readPairs, splitPairs } from './pairs.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-pairs-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  setBackend(createCpuBackend());
});

function catchCli(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('readPairs', () => {
  it('reads source<TAB>target lines, each with its file and 1-based line (blank lines counted)', () => {
    const path = write('ok.tsv', '\uFEFFab\tba\r\n\r\n  \nabc\tcba\n');
    expect(readPairs(path)).toEqual([
      { source: 'ab', target: 'ba', file: path, line: 1 },
      { source: 'abc', target: 'cba', file: path, line: 4 },
    ]);
  });

  it('names the file and line of a line without a tab', () => {
    const path = write('no-tab.tsv', 'ab\tba\n\nabc cba\n');
    expect(catchCli(() => readPairs(path)).message).toBe(`pairs file ${path}:3: has no tab; each line must be "source<TAB>target"; write one pair per line: the source, a tab, the target`);
  });

  it('says what is wrong with a missing or empty file', () => {
    expect(catchCli(() => readPairs(join(dir, 'missing.tsv'), '--val-data')).message).toMatch(/cannot read data file '.*missing\.tsv': no such file or directory; check the --val-data path/);
    expect(catchCli(() => readPairs(write('empty.tsv', ''))).message).toMatch(/is empty/);
  });
});

describe('splitPairs', () => {
  it('holds out ⌊n·f⌋ pairs spread evenly through the file', () => {
    const { train, validation } = splitPairs([...Array(20).keys()], 0.1, 'x.tsv');
    expect(validation).toEqual([9, 19]);
    expect(train).toHaveLength(18);
    expect(splitPairs([0, 1, 2, 3], 0.5, 'x.tsv').validation).toEqual([1, 3]);
  });

  it('refuses a split that leaves no validation or no training pair', () => {
    expect(catchCli(() => splitPairs([0, 1, 2], 0.1, 'x.tsv')).message).toMatch(/'x\.tsv' has 3 pairs: too few to hold out --val-fraction 0\.1 \(0 validation, 3 training\); .*--val-data/);
  });
});

describe('encodeLinePairs', () => {
  const pairs = [
    { source: 'ab', target: 'xyz', file: 'p.tsv', line: 1 },
    { source: 'b', target: 'y', file: 'p.tsv', line: 2 },
  ];
  const tokenizers = pairTokenizers(pairs);

  it('builds char vocabularies from the training pairs; the end token is the target size', () => {
    expect(tokenizers.source.tokens).toEqual(['a', 'b']);
    expect(tokenizers.target.tokens).toEqual(['x', 'y', 'z']);
    const encoded = encodeLinePairs(pairs, tokenizers, undefined);
    expect(encoded.source).toEqual([Int32Array.from([0, 1]), Int32Array.from([1])]);
    expect(encoded.target).toEqual([Int32Array.from([0, 1, 2, 3]), Int32Array.from([1, 3])]);
    expect(longestTarget([encoded])).toBe(4);
  });

  it('refuses a target longer than --max-length, naming the file and line', () => {
    expect(encodeLinePairs(pairs, tokenizers, 4).target).toHaveLength(2);
    expect(catchCli(() => encodeLinePairs(pairs, tokenizers, 3)).message).toBe(
      'p.tsv:1: the target has 3 characters, 4 steps with the end token: more than --max-length 3; raise --max-length to 4 or more, or drop the pair',
    );
  });

  it('names the file, line, side and character of a validation pair the vocabularies lack', () => {
    const unseen = [{ source: 'ab', target: 'xqy', file: 'val.tsv', line: 7 }];
    expect(catchCli(() => encodeLinePairs(unseen, tokenizers, undefined)).message).toMatch(/^val\.tsv:7: the target has character "q" \(U\+0071\) at offset 1, which no training target has/);
  });
});

describe('batches', () => {
  const pairs = Array.from({ length: 10 }, (_, i) => ({ source: 'ab'.repeat(1 + (i % 3)), target: 'xy'.slice(0, 1 + (i % 2)), file: 'p.tsv', line: i + 1 }));
  const encoded = encodeLinePairs(pairs, pairTokenizers(pairs), undefined);

  it('pads a batch time-major with its source and target lengths', () => {
    const batch = pairBatch(encoded, [0, 2]);
    expect(batch.source.shape).toEqual([6, 2]);
    expect(batch.sourceLengths).toEqual([2, 6]);
    expect(batch.target.arraySync()).toEqual([[0, 0], [2, 2]]);
    expect(batch.targetLengths).toEqual([2, 2]);
    dispose(batch);
    expect(inOrder(5, 2).map((b) => [...b])).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('shuffles every pair once per epoch, and a batcher rebuilt at step N from the epoch-start state continues the same order', () => {
    const take = (batches: PairBatches, n: number): number[][] =>
      Array.from({ length: n }, () => {
        const batch = batches.next();
        const out = [...batch.sourceLengths, ...batch.targetLengths];
        dispose(batch);
        return out;
      });
    const before = numHandles();
    const straight = new PairBatches(encoded, { batchSize: 4, generator: new Generator(3), epochStart: new Generator(0), initialStep: 0 });
    expect(straight.stepsPerEpoch).toBe(3);
    const all = take(straight, 7);
    expect(all.slice(0, 3).map((b) => b.length / 2).reduce((a, b) => a + b)).toBe(10); // one epoch: every pair
    for (const step of [2, 3, 4]) {
      const first = new PairBatches(encoded, { batchSize: 4, generator: new Generator(3), epochStart: new Generator(0), initialStep: 0 });
      take(first, step);
      const data = new Generator(99);
      data.setState(first.epochStart.getState());
      const resumed = new PairBatches(encoded, { batchSize: 4, generator: data, epochStart: new Generator(0), initialStep: step });
      expect(take(resumed, 7 - step)).toEqual(all.slice(step));
    }
    expect(numHandles()).toBe(before);
  });
});
