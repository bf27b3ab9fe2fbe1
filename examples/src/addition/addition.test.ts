import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { additionExamples, additionPairs, ANSWER_CHARS, END, formatExample, QUESTION_CHARS } from './data.js';
import { trainAddition } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('addition data', () => {
  it('pads the question to MAXLEN, reverses it, and pads the answer to DIGITS + 1', () => {
    expect(formatExample(12, 345, 3, true)).toEqual({ a: 12, b: 345, question: ' 543+21', answer: '357 ' });
    expect(formatExample(12, 345, 3, false).question).toBe('12+345 ');
    expect(formatExample(999, 999, 3, true)).toMatchObject({ question: '999+999', answer: '1998' });
  });

  it('draws unique questions (a+b and b+a count once) whose reversed text reads back to the sum', () => {
    const examples = additionExamples(new Generator(4), { digits: 3, size: 3000, reverse: true });
    const keys = new Set(examples.map((e) => `${Math.min(e.a, e.b)}+${Math.max(e.a, e.b)}`));
    expect(keys.size).toBe(3000);
    for (const e of examples) {
      expect(e.question).toHaveLength(7);
      expect(e.answer).toHaveLength(4);
      const [a, b] = Array.from(e.question).reverse().join('').trim().split('+').map(Number);
      expect([a, b]).toEqual([e.a, e.b]);
      expect(Number(e.answer.trim())).toBe(a! + b!);
      expect(e.a).toBeLessThan(1000);
      expect(e.b).toBeLessThan(1000);
    }
    // Keras's draw: a length in 1…3 first, so short numbers are common.
    expect(examples.filter((e) => e.a < 10).length / examples.length).toBeGreaterThan(0.2);
    expect(additionExamples(new Generator(4), { digits: 3, size: 50, reverse: true })).toEqual(examples.slice(0, 50));
  });

  it('refuses more unique questions than exist', () => {
    expect(() => additionExamples(new Generator(0), { digits: 1, size: 56, reverse: true })).toThrow(/only 55/);
  });

  it('encodes questions as source ids and answers followed by the end token', () => {
    const set = additionPairs([formatExample(5, 7, 1, true)]);
    expect(QUESTION_CHARS.decode(set.sources[0]!)).toBe('7+5');
    expect(set.targets[0]).toEqual([...ANSWER_CHARS.encode('12'), END]);
  });
});

describe('trainAddition', () => {
  it('learns one-digit addition on the cpu: loss falls, token accuracy well above chance, no tensor leaks', async () => {
    const before = numHandles();
    const result = await trainAddition({ digits: 1, size: 55, validationFraction: 0.2, hiddenSize: 32, batchSize: 16, lr: 0.01, schedule: 'constant', steps: 200, evalEvery: 100, stopAt: 0 });
    expect(numHandles()).toBe(before);
    expect(result.trainSize).toBe(44);
    expect(result.validationSize).toBe(11);
    expect(result.evaluations.map((e) => e.step)).toEqual([100, 200]);
    const [first, last] = [result.evaluations[0]!, result.evaluations[1]!];
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.trainLoss).toBeLessThan(0.5);
    expect(last.tokenAccuracy).toBeGreaterThan(0.5); // chance: 1/12
    for (const e of result.evaluations) {
      for (const v of [e.exactMatch, e.tokenAccuracy]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(result.samples).toHaveLength(8);
    expect(result.samples[0]!.question).toMatch(/^\d\+\d$/);
    expect(result.msPerStep).toBeGreaterThan(0);
  });
});
