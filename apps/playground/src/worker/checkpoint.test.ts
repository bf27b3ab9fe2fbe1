import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharTokenizer, encodeCheckpoint } from '@rnn/train';
import { describe, expect, it } from 'vitest';
// The CLI's own reader and writer: the playground's files must be theirs.
import { buildLanguageModel } from '../../../cli/src/model/build-model.js';
import { checkpointExtra, closeCheckpoint, openCheckpoint } from '../../../cli/src/model/checkpoint.js';
import { createOptimizer } from '../../../cli/src/model/training.js';
import { parseSavedTrainConfig, trainConfigJson } from '../../../cli/src/options/resolve-train.js';
import { trainingGenerators } from '../../../cli/src/commands/train.js';
import { OWN_TEXT } from '../checkpoint/cli-train-config.js';
import { countParameters } from '../model/count-parameters.js';
import type { Settings } from '../settings.js';
import { sessionsDisposedAfterEach, shakespeare, testSettings, type EventOf, type RecordingSession } from './testing.js';

const newSession = sessionsDisposedAfterEach();

async function sampleText(s: RecordingSession): Promise<string> {
  const from = s.events.length;
  await s.session.handle({ type: 'sample', prime: 'The ', temperature: 0.7, length: 30 });
  await s.next('sample-end', () => true, from);
  return s.events.slice(from).flatMap((e) => (e.type === 'sample-token' ? [e.text] : [])).join('');
}

async function trainedAndSaved(settings: Settings): Promise<{ s: RecordingSession; saved: EventOf<'saved'>; validation: EventOf<'validation'> }> {
  const s = newSession();
  await s.configure(settings);
  await s.train(20);
  const validation = s.of('validation').at(-1)!;
  await s.session.handle({ type: 'save' });
  expect(s.errors()).toEqual([]);
  return { s, saved: s.of('saved')[0]!, validation };
}

describe('save and load', () => {
  it('a char-LM reloads in a new session with the same step, validation loss and samples', async () => {
    const settings = testSettings({ task: { name: 'char-lm', text: await shakespeare(8_000) }, model: { hidden: 12 } });
    const { s, saved, validation } = await trainedAndSaved(settings);
    expect(saved.fileName).toBe(`char-lm-lstm-step-${validation.step}.safetensors`);
    const before = await sampleText(s);

    const t = newSession();
    await t.configure(testSettings({ task: { name: 'adding' } }));
    await t.session.handle({ type: 'load', bytes: saved.bytes, fileName: saved.fileName });
    expect(t.errors()).toEqual([]);
    const configured = t.of('configured')[0]!;
    const savedParameters = s.of('configured')[0]!.parameters;
    expect(t.of('loaded')[0]).toEqual({ type: 'loaded', fileName: saved.fileName, settings, backend: configured.backend, parameters: savedParameters, step: validation.step });
    expect(t.of('validation').at(-1)).toEqual(validation);
    expect(await sampleText(t)).toBe(before);
    // Training goes on from the saved step, with the saved optimizer state.
    expect((await t.train(validation.step + 1))[0]!.step).toBe(validation.step + 1);
  });

  it.each(['adding', 'sine', 'parity'] as const)('%s reloads with the same validation loss', async (name) => {
    const settings = testSettings({ task: { name, seqLen: 6 }, model: { cell: 'gru', hidden: 8 } });
    const { saved, validation } = await trainedAndSaved(settings);
    const t = newSession();
    await t.configure(testSettings({ task: { name: 'sine' } }));
    await t.session.handle({ type: 'load', bytes: saved.bytes, fileName: saved.fileName });
    expect(t.errors()).toEqual([]);
    expect(t.of('loaded')[0]!.settings).toEqual(settings);
    expect(t.of('validation').at(-1)).toEqual(validation);
  });

  it('the saved char-LM opens with the CLI’s reader, as `rnn generate` opens it', async () => {
    const settings = testSettings({ task: { name: 'char-lm', text: await shakespeare(8_000) }, model: { cell: 'gru', hidden: 12, layers: 2 } });
    const { saved, validation } = await trainedAndSaved(settings);
    const folder = await mkdtemp(join(tmpdir(), 'playground-'));
    try {
      const path = join(folder, saved.fileName);
      await writeFile(path, saved.bytes);
      const opened = await openCheckpoint(path);
      try {
        expect(opened.checkpoint.step).toBe(validation.step);
        expect(opened.tokenizer.toJSON()).toEqual(CharTokenizer.fromText(settings.task.text!).toJSON());
        expect(opened.train).toMatchObject({ task: 'lm', data: OWN_TEXT, cell: 'gru', layers: 2, hidden: 12, embedding: 0, seqLen: 20, batch: 16, lr: 1e-2, clip: 5, seed: 1, backend: 'cpu' });
        expect(opened.model.rnn.numLayers).toBe(2);
      } finally {
        closeCheckpoint(opened);
      }
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  it('a checkpoint written as `rnn train` writes it loads, with its training options as settings', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'sine' } }));
    const text = await shakespeare();
    const config = parseSavedTrainConfig({ cell: 'gru', layers: 1, hidden: 16, seqLen: 30, batch: 8, lr: 0.005, seed: 4, optimizer: 'rmsprop' }, 'test');
    const tokenizer = CharTokenizer.fromText(text);
    const generators = trainingGenerators(config.seed);
    const model = buildLanguageModel(config, { vocabSize: tokenizer.size, generator: generators.model, dtype: 'float32' });
    const optimizer = createOptimizer(model.parameters(), config);
    const bytes = await encodeCheckpoint({ model, optimizer, generators, step: 7, extra: checkpointExtra(tokenizer, trainConfigJson(config)) });
    const parameters = countParameters(model);
    optimizer.dispose();
    model.dispose();

    await s.session.handle({ type: 'load', bytes, fileName: 'checkpoint-7.safetensors' });
    expect(s.errors()).toEqual([]);
    expect(s.of('loaded')[0]).toEqual({
      type: 'loaded',
      fileName: 'checkpoint-7.safetensors',
      backend: s.of('configured')[0]!.backend,
      parameters,
      step: 7,
      settings: {
        task: { name: 'char-lm', text: null, seqLen: 30 },
        model: { cell: 'gru', layers: 1, hidden: 16, blockSize: 1, bidirectional: false, dropout: 0 },
        training: { optimizer: 'rmsprop', learningRate: 0.005, clip: 5, batchSize: 8, seed: 4 },
        backend: 'cpu',
      },
    });
    expect(Number.isFinite(s.of('validation').at(-1)!.loss)).toBe(true);
    expect(await sampleText(s)).toHaveLength(30);
  });

  it('a garbage file, a file of another kind and a truncated one are errors naming the file; the run goes on', async () => {
    const s = newSession();
    await s.configure(testSettings({ task: { name: 'adding', seqLen: 5 }, model: { hidden: 8 } }));
    await s.train(4);
    const step = s.of('progress').at(-1)!.points.at(-1)!.step;
    const other = await trainedAndSaved(testSettings({ task: { name: 'sine' }, model: { hidden: 8 } }));
    await s.session.handle({ type: 'load', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), fileName: 'notes.txt' });
    await s.session.handle({ type: 'load', bytes: other.saved.bytes.slice(0, 200), fileName: 'cut.safetensors' });
    const errors = s.errors();
    expect(errors.map((e) => e.command)).toEqual(['load', 'load']);
    expect(errors[0]!.message).toMatch(/^notes\.txt: is not a checkpoint/);
    expect(errors[1]!.message).toMatch(/^cut\.safetensors: is not a checkpoint/);
    const points = await s.train(step + 2);
    expect(points[0]!.step).toBe(step + 1);
  });

  it('load before configure is refused', async () => {
    const s = newSession();
    await s.session.handle({ type: 'load', bytes: new Uint8Array(8), fileName: 'x' });
    expect(s.errors()[0]!.message).toContain('send configure');
  });
});
