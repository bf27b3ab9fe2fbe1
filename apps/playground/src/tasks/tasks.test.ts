import { createCpuBackend, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelGenerator } from './generators.js';
import { AddingTask } from './adding.js';
import { CharLmTask } from './char-lm.js';
import { createTask } from './create-task.js';
import { ParityTask } from './parity.js';
import { SineTask } from './sine.js';
import { testSettings } from '../worker/testing.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('char-lm', () => {
  const text = 'to be or not to be, that is the question. '.repeat(20);

  it('refuses a bidirectional model and a text too short for its sequences, saying why', () => {
    expect(() => new CharLmTask(testSettings({ model: { bidirectional: true } }), text)).toThrow('a language model cannot be bidirectional');
    expect(() => new CharLmTask(testSettings({ task: { seqLen: 100 } }), text)).toThrow('the text is too short for sequences of 100: its 756 training and 84 held-out characters need at least 102 and 101');
  });

  it('inspects the given text character by character, and a held-out excerpt of seqLen otherwise', () => {
    const task = new CharLmTask(testSettings({ task: { seqLen: 7 } }), text);
    const model = task.buildModel(testSettings().model, modelGenerator(1));
    const given = task.inspection(model, 'not to');
    expect(given.labels).toEqual(Array.from('not to'));
    expect(given.input.shape).toEqual([6, 1, task.tokenizer.size]);
    const excerpt = task.inspection(model, null);
    expect(excerpt.labels).toEqual(Array.from(text.slice(756, 763)));
    expect(() => task.inspection(model, 'tea?')).toThrow('the inspected text has the character "?" (U+003F) at offset 3');
    [given.input, excerpt.input].forEach((t) => { t.dispose(); });
    model.dispose();
  });
});

describe('the synthetic tasks', () => {
  it('adding: the inspected example marks two steps, one in each half', () => {
    const { labels, input } = new AddingTask(testSettings({ task: { seqLen: 10 } })).inspection();
    const marked = labels.flatMap((l, t) => (l.endsWith('*') ? [t] : []));
    expect(marked).toHaveLength(2);
    expect(marked[0]).toBeLessThan(5);
    expect(marked[1]).toBeGreaterThanOrEqual(5);
    expect(input.shape).toEqual([10, 1, 2]);
    input.dispose();
  });

  it('sine: the model predicts every step, and validation is on the held-out stretch, not the training one', async () => {
    const settings = testSettings({ task: { name: 'sine', seqLen: 25 } });
    const task = new SineTask(settings);
    const model = task.buildModel(settings.model, modelGenerator(1));
    const inspection = task.inspection();
    expect(model.forward(inspection.input).shape).toEqual([25, 1, 1]);
    inspection.input.dispose();
    const loss = await task.validationLoss(model.eval());
    expect(loss).toBeGreaterThan(0);
    model.dispose();
  });

  it('parity: a batch holds strings of one length in [seqLen/2, seqLen], so its loss needs no mask', () => {
    const settings = testSettings({ task: { name: 'parity', seqLen: 9 } });
    const task = new ParityTask(settings);
    const model = task.buildModel(settings.model, modelGenerator(1));
    const before = numHandles();
    for (let i = 0; i < 5; i++) task.trainingLoss(model).dispose();
    expect(numHandles()).toBe(before);
    const { labels, input } = task.inspection();
    expect(labels.join('')).toMatch(/^[01]{9}$/);
    expect(input.shape).toEqual([9, 1, 2]);
    input.dispose();
    model.dispose();
  });

  it('a model of another task is refused with what it should be', () => {
    const adding = createTask(testSettings({ task: { name: 'adding' } }));
    const sine = createTask(testSettings({ task: { name: 'sine' } }));
    const model = sine.buildModel(testSettings().model, modelGenerator(1));
    expect(() => adding.recurrentOf(model)).toThrow('the adding model reads 2 features per step; this one reads 1');
    model.dispose();
  });
});
