import { numHandles } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import type { TaskName } from '../settings.js';
import { sessionsDisposedAfterEach, shakespeare, testSettings } from './testing.js';

const newSession = sessionsDisposedAfterEach();

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('training', () => {
  it.each<[TaskName, Parameters<typeof testSettings>[0]]>([
    ['char-lm', {}],
    ['adding', { task: { seqLen: 10 } }],
    ['sine', { task: { seqLen: 20 } }],
    ['parity', { task: { seqLen: 4 }, model: { cell: 'gru' }, training: { learningRate: 3e-2, batchSize: 64 } }],
  ])('%s: 30 steps lower the loss, with finite progress figures', async (task, overrides) => {
    const s = newSession();
    const text = task === 'char-lm' ? await shakespeare(20_000) : null;
    const settings = testSettings({ ...overrides, task: { ...overrides?.task, name: task, text } });
    await s.configure(settings);
    expect(s.errors()).toEqual([]);
    const configured = s.of('configured')[0]!;
    expect(configured.step).toBe(0);
    expect(configured.parameters).toBeGreaterThan(0);
    expect(s.events.at(-1)).toEqual({ type: 'status', state: 'paused' });

    const points = await s.train(30);
    expect(s.errors()).toEqual([]);
    expect(points.map((p) => p.step).slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const p of points) {
      expect(Number.isFinite(p.loss) && Number.isFinite(p.gradNorm) && Number.isFinite(p.stepsPerSecond)).toBe(true);
      expect(p.gradNorm).toBeGreaterThan(0);
      expect(p.stepsPerSecond).toBeGreaterThan(0);
    }
    expect(mean(points.slice(-5).map((p) => p.loss))).toBeLessThan(mean(points.slice(0, 5).map((p) => p.loss)));
    // Pausing validates the step reached and says so.
    const last = points.at(-1)!.step;
    expect(s.of('validation').at(-1)).toEqual({ type: 'validation', step: last, loss: expect.any(Number) as number });
    expect(s.events.at(-1)).toEqual({ type: 'status', state: 'paused' });
  });

  it('validates every 100 steps', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'adding', seqLen: 5 }, model: { hidden: 8 } }));
    await s.train(100);
    expect(s.of('validation')[0]!.step).toBe(100);
  });

  it('frees every tensor a step makes: the handle count is flat over 40 steps', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: await shakespeare(5_000) }, model: { hidden: 8, dropout: 0.2, layers: 2 } }));
    await s.train(5);
    const before = numHandles();
    await s.train(45);
    expect(numHandles()).toBe(before);
  });

  it('reset gives a fresh model at step 0 that trains as the first one did', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'sine' }, model: { hidden: 8 } }));
    const first = await s.train(3);
    const from = s.events.length;
    await s.session.handle({ type: 'reset' });
    expect(s.events.slice(from).map((e) => e.type)).toEqual(['configured', 'status']);
    const second = await s.train(3);
    expect(second[0]).toEqual({ ...first[0], stepsPerSecond: second[0]!.stepsPerSecond });
  });
});

describe('inspect', () => {
  it.each([
    ['lstm', ['h', 'c', 'input_gate', 'forget_gate', 'candidate', 'output_gate']],
    ['gru', ['h', 'reset_gate', 'update_gate', 'candidate']],
    ['rnn', ['h']],
  ] as const)('%s: one map per state and gate, units × steps, in its natural range', async (cell, names) => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: await shakespeare(5_000) }, model: { cell, hidden: 6 } }));
    await s.session.handle({ type: 'inspect', text: 'ROMEO:', layer: 0, direction: 'forward' });
    expect(s.errors()).toEqual([]);
    const inspection = s.of('inspection')[0]!;
    expect(inspection.labels).toEqual(Array.from('ROMEO:'));
    expect(inspection.maps.map((m) => m.name)).toEqual(names);
    for (const map of inspection.maps) {
      expect([map.rows, map.cols, map.values.length]).toEqual([6, 6, 36]);
      const [low, high] = map.range;
      for (const v of map.values) expect(v >= low && v <= high).toBe(true);
      if (map.name.endsWith('_gate')) expect(map.range).toEqual([0, 1]);
      if (map.name === 'h' || map.name === 'candidate') expect(map.range).toEqual([-1, 1]);
    }
  });

  it('a held-out excerpt of seqLen characters when no text is given; the second layer and a bidirectional reverse direction', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'adding', seqLen: 12 }, model: { cell: 'gru', layers: 2, bidirectional: true, hidden: 5 } }));
    await s.session.handle({ type: 'inspect', text: null, layer: 1, direction: 'reverse' });
    const inspection = s.of('inspection')[0]!;
    expect(inspection.labels).toHaveLength(12);
    expect(inspection.labels.filter((l) => l.endsWith('*'))).toHaveLength(2);
    expect([inspection.layer, inspection.direction, inspection.maps[0]!.cols]).toEqual([1, 'reverse', 12]);
  });

  it('refuses a layer or direction the model lacks, and a character outside the vocabulary, naming it', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: 'abc '.repeat(200) } }));
    await s.session.handle({ type: 'inspect', text: null, layer: 2, direction: 'forward' });
    await s.session.handle({ type: 'inspect', text: null, layer: 0, direction: 'reverse' });
    await s.session.handle({ type: 'inspect', text: 'cab!', layer: 0, direction: 'forward' });
    expect(s.errors().map((e) => [e.command, e.message])).toEqual([
      ['inspect', 'the model has 1 recurrent layer (0 to 0); there is no layer 2'],
      ['inspect', 'the model is not bidirectional: it has no reverse direction'],
      ['inspect', 'the inspected text has the character "!" (U+0021) at offset 3, which the vocabulary of 4 characters lacks'],
    ]);
  });
});

describe('gradients', () => {
  it('gives ‖∂L/∂h_t‖ at every step for the model, a fresh tanh RNN and a fresh LSTM; the RNN’s vanish far faster', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'adding', seqLen: 50 }, model: { cell: 'gru', hidden: 32 } }));
    await s.session.handle({ type: 'gradients', text: null });
    expect(s.errors()).toEqual([]);
    const { labels, curves } = s.of('gradients')[0]!;
    expect(labels).toHaveLength(50);
    expect(curves.map((c) => c.label)).toEqual(['gru, step 0', 'tanh RNN at init', 'LSTM at init']);
    for (const c of curves) {
      expect(c.norms).toHaveLength(50);
      expect([...c.norms].every((n) => Number.isFinite(n) && n >= 0)).toBe(true);
    }
    const ratio = (norms: Float64Array): number => norms[0]! / norms[49]!;
    const [, rnn, lstm] = curves as [unknown, { norms: Float64Array }, { norms: Float64Array }];
    expect(ratio(rnn.norms)).toBeLessThan(ratio(lstm.norms) / 100);
  });

  it('char-lm: a given text is scored at its last character', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: await shakespeare(5_000) }, model: { hidden: 8 } }));
    await s.session.handle({ type: 'gradients', text: 'First' });
    expect(s.of('gradients')[0]!.labels).toEqual(Array.from('Firs'));
  });
});

describe('sample', () => {
  it('streams the requested number of characters, then sample-end; stop-sample ends it early', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: await shakespeare(5_000) }, model: { hidden: 8 } }));
    await s.session.handle({ type: 'sample', prime: 'The ', temperature: 0.8, length: 40 });
    await s.next('sample-end');
    expect(s.of('sample-token')).toHaveLength(40);
    expect(s.of('sample-token').every((e) => Array.from(e.text).length === 1)).toBe(true);

    const from = s.events.length;
    await s.session.handle({ type: 'sample', prime: '', temperature: 1, length: 5000 });
    await s.next('sample-token', () => true, from);
    await s.session.handle({ type: 'stop-sample' });
    await s.next('sample-end', () => true, from);
    expect(s.events.slice(from).filter((e) => e.type === 'sample-token').length).toBeLessThan(5000);
  });

  it('streams while training, and is refused for tasks without characters', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'char-lm', text: await shakespeare(5_000) }, model: { hidden: 8 } }));
    await s.session.handle({ type: 'start' });
    await s.session.handle({ type: 'sample', prime: 'A', temperature: 1, length: 20 });
    await s.next('sample-end');
    await s.session.handle({ type: 'pause' });
    expect(s.of('sample-token')).toHaveLength(20);
    expect(s.of('progress').length).toBeGreaterThan(0);

    await s.configure(testSettings({ task: { name: 'sine' } }));
    await s.session.handle({ type: 'sample', prime: 'A', temperature: 1, length: 20 });
    expect(s.errors().map((e) => e.command)).toEqual(['sample']);
    expect(s.errors()[0]!.message).toContain('the sine task has none');
  });
});

describe('failures leave the session as it was', () => {
  it('a malformed command is an error naming the field, and training goes on afterwards', async () => {
    const s = newSession();
    const settings = testSettings({ task: { name: 'adding', seqLen: 5 }, model: { hidden: 8 } });
    await s.configure(settings);
    await s.session.handleMessage({ type: 'configure', settings: { ...settings, model: { ...settings.model, hidden: 0 } }, assets: 'x' });
    await s.session.handleMessage({ type: 'fly' });
    await s.session.handleMessage({ type: 'sample', prime: 'a', temperature: -1, length: 3 });
    expect(s.errors().map((e) => [e.command, e.message])).toEqual([
      ['configure', 'settings.model.hidden must be an integer in [1, 1024], got 0'],
      ['unknown', expect.stringContaining('type must be one of configure') as string],
      ['sample', 'temperature must be a finite number > 0, got -1'],
    ]);
    expect(await s.train(3)).not.toHaveLength(0);
  });

  it('a backend that cannot be had is an error with the reason, never a silent fallback', async () => {
    const s = newSession();
    const settings = testSettings({ task: { name: 'sine' }, model: { hidden: 8 } });
    await s.configure(settings);
    await s.configure({ ...settings, backend: 'webgpu' });
    expect(s.errors()).toEqual([{ type: 'error', command: 'configure', message: 'createWebGpuBackend: no WebGPU adapter (test)' }]);
    expect(s.of('configured')).toHaveLength(1);
    expect((await s.train(2))[0]!.step).toBe(1);
  });

  it('commands before configure, and a configure whose task cannot be built, change nothing', async () => {
    const s = newSession();
    await s.session.handle({ type: 'start' });
    expect(s.errors()[0]).toEqual({ type: 'error', command: 'start', message: 'nothing is configured yet: send configure first' });
    await s.configure(testSettings({ task: { name: 'parity', seqLen: 4 }, model: { hidden: 8 } }));
    const from = s.events.length;
    await s.configure(testSettings({ task: { name: 'char-lm', text: 'tiny' } }));
    await s.configure(testSettings({ task: { name: 'char-lm', text: 'abc'.repeat(100) }, model: { bidirectional: true } }));
    await s.configure(testSettings({ task: { name: 'adding' }, model: { cell: 'gru', blockSize: 2 } }));
    expect(s.errors(from).map((e) => e.message)).toEqual([
      expect.stringContaining('the text is too short for sequences of 20') as string,
      expect.stringContaining('a language model cannot be bidirectional') as string,
      expect.stringContaining('blockSize applies to LSTM cells only') as string,
    ]);
    const points = await s.train(2);
    expect(points[0]!.step).toBe(1);
    await s.session.handle({ type: 'inspect', text: null, layer: 0, direction: 'forward' });
    // Still the parity run: its labels are the bits of a held-out string of 4.
    expect(s.of('inspection').at(-1)!.labels.join('')).toMatch(/^[01]{4}$/);
  });
});
