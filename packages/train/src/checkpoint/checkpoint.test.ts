import { createCpuBackend, dispose, fromArray, Generator, numHandles, RnnError, setBackend, type Tensor } from '@rnn/tensor';
import { ConfigError, decodeSafetensors, encodeSafetensors, saveModel, SafetensorsError, Sequential, StateDictError } from '@rnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SGD } from '../optimizers/index.js';
import { StepLR } from '../schedules/index.js';
import { decodeCheckpoint } from './decode.js';
import { encodeCheckpoint } from './encode.js';
import { CheckpointError } from './errors.js';
import { CHECKPOINT_FORMAT } from './format.js';
import { bitsOf, disposeRun, newModel, newRun, train } from './testing.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** A run after two steps, encoded, with its parts. */
async function savedRun() {
  const run = newRun(11);
  train(run, 2);
  const bytes = await encodeCheckpoint({ ...run, step: 2, extra: { tokenizer: { vocab: ['a', 'b'] }, note: 'hi' } });
  return { run, bytes };
}

/** Re-encodes a checkpoint's tensors with `edit` applied to its metadata (or tensors). */
async function tampered(
  bytes: Uint8Array,
  edit: (metadata: Record<string, string>, tensors: Record<string, Tensor>) => void,
): Promise<Uint8Array> {
  const { tensors, metadata } = decodeSafetensors(bytes);
  edit(metadata, tensors);
  const result = await encodeSafetensors(tensors, metadata);
  dispose(tensors);
  return result;
}

/** Decoding throws a CheckpointError naming `field`, and nothing is left allocated. */
function expectRefused(bytes: Uint8Array, field: string, message: RegExp): void {
  const before = numHandles();
  let error: unknown;
  try {
    decodeCheckpoint(bytes).dispose();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as CheckpointError).field).toBe(field);
  expect((error as CheckpointError).message).toMatch(message);
  expect(numHandles()).toBe(before);
}

describe('encodeCheckpoint', () => {
  it('stores the weights under model., the slots under optimizer., and JSON state in __metadata__', async () => {
    const { run, bytes } = await savedRun();
    const { tensors, metadata } = decodeSafetensors(bytes);
    const names = Object.keys(tensors);
    expect(names.filter((n) => n.startsWith('model.'))).toEqual(Object.keys(run.model.stateDict()).map((n) => `model.${n}`));
    expect(names.filter((n) => n.startsWith('optimizer.')).slice(0, 3)).toEqual(['optimizer.exp_avg.0', 'optimizer.exp_avg_sq.0', 'optimizer.exp_avg.1']);
    expect(metadata.format).toBe(CHECKPOINT_FORMAT);
    expect(metadata.step).toBe('2');
    expect(JSON.parse(metadata.model_config!)).toEqual(run.model.toConfig());
    expect(JSON.parse(metadata.optimizer!)).toMatchObject({ optimizer: 'Adam', step: 2, config: { lr: run.optimizer.lr, betas: [0.8, 0.99] } });
    expect(JSON.parse(metadata.schedule!)).toEqual({ baseLr: 1e-2, epoch: 2 });
    expect(JSON.parse(metadata.generators!)).toEqual({ model: run.generators.model.getState(), data: run.generators.data.getState() });
    expect(JSON.parse(metadata.extra!)).toEqual({ tokenizer: { vocab: ['a', 'b'] }, note: 'hi' });
    dispose(tensors);
    disposeRun(run);
  });

  it('stores only the model, step and empty generators and extra when nothing else is given', async () => {
    const model = newModel(new Generator(1));
    const { tensors, metadata } = decodeSafetensors(await encodeCheckpoint({ model, step: 0 }));
    expect(Object.keys(tensors).every((n) => n.startsWith('model.'))).toBe(true);
    expect(Object.keys(metadata).sort()).toEqual(['extra', 'format', 'generators', 'model_config', 'step']);
    expect([metadata.generators, metadata.extra]).toEqual(['{}', '{}']);
    dispose(tensors);
    model.dispose();
  });

  it('frees the optimizer slot copies it reads', async () => {
    const { run } = await savedRun();
    const before = numHandles();
    await encodeCheckpoint({ ...run, step: 2 });
    expect(numHandles()).toBe(before);
    disposeRun(run);
  });

  it.each([
    ['a negative step', { step: -1 }, /step must be an integer ≥ 0, got -1/],
    ['a fractional step', { step: 1.5 }, /step must be an integer ≥ 0/],
    ['NaN in extra', { extra: { loss: NaN } }, /extra\.loss is NaN, which JSON cannot store/],
    ['a Map in extra', { extra: { vocab: new Map() } as never }, /extra\.vocab is a Map; only plain objects/],
    ['an array as extra', { extra: [] as never }, /extra must be a plain JSON object/],
    ['a schedule state with Infinity', { schedule: { getState: () => ({ best: Infinity }) } }, /schedule\.getState\(\)\.best is Infinity/],
  ])('refuses %s with an ArgumentError naming the value, leaking nothing', async (_name, change, message) => {
    const { run } = await savedRun();
    const before = numHandles();
    await expect(encodeCheckpoint({ ...run, step: 2, ...change })).rejects.toThrow(message);
    expect(numHandles()).toBe(before);
    disposeRun(run);
  });
});

describe('decodeCheckpoint', () => {
  it('rebuilds the model with the saved weights and returns the saved state', async () => {
    const { run, bytes } = await savedRun();
    const checkpoint = decodeCheckpoint(bytes);
    expect(checkpoint.model).toBeInstanceOf(Sequential);
    const saved = run.model.namedParameters();
    checkpoint.model.namedParameters().forEach(([name, p], i) => {
      expect(name).toBe(saved[i]![0]);
      expect(bitsOf(p)).toEqual(bitsOf(saved[i]![1]));
    });
    expect(checkpoint.step).toBe(2);
    expect(checkpoint.scheduleState).toEqual(run.schedule.getState());
    expect(checkpoint.generatorStates).toEqual({ model: run.generators.model.getState(), data: run.generators.data.getState() });
    expect(checkpoint.extra).toEqual({ tokenizer: { vocab: ['a', 'b'] }, note: 'hi' });
    const { slots, ...state } = run.optimizer.getState();
    expect({ ...checkpoint.optimizerState, slots: undefined }).toEqual({ ...state, slots: undefined });
    for (const key of Object.keys(slots)) expect(bitsOf(checkpoint.optimizerState!.slots[key]!)).toEqual(bitsOf(slots[key]!));
    dispose(slots);
    checkpoint.dispose();
    checkpoint.model.dispose();
    disposeRun(run);
  });

  it('leaves optimizerState and scheduleState out when the checkpoint has none', async () => {
    const model = newModel(new Generator(1));
    const checkpoint = decodeCheckpoint(await encodeCheckpoint({ model, step: 3 }));
    expect('optimizerState' in checkpoint).toBe(false);
    expect('scheduleState' in checkpoint).toBe(false);
    expect([checkpoint.step, checkpoint.generatorStates, checkpoint.extra]).toEqual([3, {}, {}]);
    checkpoint.model.dispose();
    model.dispose();
  });

  it('allocates nothing beyond the model and the slots, and dispose() frees the slots', async () => {
    const { run, bytes } = await savedRun();
    const before = numHandles();
    const checkpoint = decodeCheckpoint(bytes);
    checkpoint.dispose();
    checkpoint.model.dispose();
    expect(numHandles()).toBe(before);
    disposeRun(run);
  });

  it('works with SGD and StepLR too', async () => {
    const model = newModel(new Generator(2));
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const schedule = new StepLR(optimizer, { stepSize: 3 });
    const checkpoint = decodeCheckpoint(await encodeCheckpoint({ model, optimizer, schedule, step: 0 }));
    expect(checkpoint.optimizerState).toMatchObject({ optimizer: 'SGD', step: 0, slots: {} });
    expect(checkpoint.scheduleState).toEqual({ baseLr: 0.1, epoch: 0 });
    checkpoint.model.dispose();
    model.dispose();
  });

  describe('refuses a malformed or hostile file with a CheckpointError naming the field', () => {
    const cases: [string, string, RegExp, (m: Record<string, string>, t: Record<string, Tensor>) => void][] = [
      ['another format', '__metadata__.format', /must be 'rnn-checkpoint\/1'.*got "rnn-checkpoint\/2"/, (m) => (m.format = 'rnn-checkpoint/2')],
      ['no format', '__metadata__.format', /got null/, (m) => delete m.format],
      ['no step', '__metadata__.step', /is missing/, (m) => delete m.step],
      ['a negative step', '__metadata__.step', /non-negative integer in decimal, got "-1"/, (m) => (m.step = '-1')],
      ['a fractional step', '__metadata__.step', /got "1.5"/, (m) => (m.step = '1.5')],
      ['a step in exponent form', '__metadata__.step', /got "1e3"/, (m) => (m.step = '1e3')],
      ['a step past 2^53', '__metadata__.step', /got "9007199254740993"/, (m) => (m.step = '9007199254740993')],
      ['no model config', '__metadata__.model_config', /is missing/, (m) => delete m.model_config],
      ['a model config that is not JSON', '__metadata__.model_config', /is not valid JSON/, (m) => (m.model_config = '{"type":')],
      ['an optimizer that is not an object', '__metadata__.optimizer', /must be a JSON object/, (m) => (m.optimizer = '[]')],
      ['an optimizer without a name', '__metadata__.optimizer.optimizer', /must be the optimizer's name/, (m) => (m.optimizer = JSON.stringify({ ...JSON.parse(m.optimizer!), optimizer: 3 }))],
      ['an optimizer step of -1', '__metadata__.optimizer.step', /got -1/, (m) => (m.optimizer = JSON.stringify({ ...JSON.parse(m.optimizer!), step: -1 }))],
      ['an optimizer config without lr', '__metadata__.optimizer.config', /numeric lr/, (m) => (m.optimizer = JSON.stringify({ ...JSON.parse(m.optimizer!), config: {} }))],
      ['fractional parameter steps', '__metadata__.optimizer.parameterSteps', /non-negative integers/, (m) => (m.optimizer = JSON.stringify({ ...JSON.parse(m.optimizer!), parameterSteps: [0.5] }))],
      ['slots without optimizer metadata', '__metadata__.optimizer', /is missing, but the file has optimizer slots \(optimizer\.exp_avg\.0/, (m) => delete m.optimizer],
      ['generators that are not JSON', '__metadata__.generators', /is not valid JSON/, (m) => (m.generators = 'nope')],
      ['a generator key out of range', '__metadata__.generators.data.key', /two unsigned 32-bit integers/, (m) => (m.generators = JSON.stringify({ data: { key: [0, 2 ** 32], counter: 0 } }))],
      ['a generator without a counter', '__metadata__.generators.data.counter', /got null/, (m) => (m.generators = JSON.stringify({ data: { key: [0, 1] } }))],
      ['extra that is an array', '__metadata__.extra', /must be a JSON object/, (m) => (m.extra = '[1]')],
      ['no extra', '__metadata__.extra', /is missing/, (m) => delete m.extra],
      ['a tensor outside model. and optimizer.', 'tensors', /'stray'.*neither a model weight/, (_m, t) => (t.stray = fromArray([1]))],
    ];
    it.each(cases)('%s', async (_name, field, message, edit) => {
      const { run, bytes } = await savedRun();
      expectRefused(await tampered(bytes, edit), field, message);
      disposeRun(run);
    });

    it('points at loadModel for a model file', async () => {
      const model = newModel(new Generator(1));
      expectRefused(await saveModel(model), '__metadata__.format', /this is a model file \(saveModel\), load it with loadModel/);
      model.dispose();
    });
  });

  it('passes on the typed errors of layers for bytes, configs and weights, leaking nothing', async () => {
    const { run, bytes } = await savedRun();
    const before = numHandles();
    expect(() => decodeCheckpoint(bytes.slice(0, 20))).toThrow(SafetensorsError);
    const badConfig = await tampered(bytes, (m) => (m.model_config = JSON.stringify({ type: 'Nope', options: {} })));
    expect(() => decodeCheckpoint(badConfig)).toThrow(ConfigError);
    const missingWeight = await tampered(bytes, (_m, t) => {
      t['model.2.bias']!.dispose();
      delete t['model.2.bias'];
    });
    expect(() => decodeCheckpoint(missingWeight)).toThrow(StateDictError);
    expect(numHandles()).toBe(before);
    disposeRun(run);
  });

  it('keeps a generator named __proto__ as data', async () => {
    const model = newModel(new Generator(1));
    const generator = new Generator(9);
    const generators = Object.defineProperty({}, '__proto__', { value: generator, enumerable: true }) as Record<string, Generator>;
    const checkpoint = decodeCheckpoint(await encodeCheckpoint({ model, generators, step: 0 }));
    expect(Object.getPrototypeOf(checkpoint.generatorStates)).toBe(Object.prototype);
    expect(Object.hasOwn(checkpoint.generatorStates, '__proto__')).toBe(true);
    checkpoint.model.dispose();
    model.dispose();
  });

  it('throws only RnnErrors on truncated files', async () => {
    const { run, bytes } = await savedRun();
    for (let length = 0; length < bytes.length; length += 97) {
      expect(() => decodeCheckpoint(bytes.subarray(0, length))).toThrow(RnnError);
    }
    disposeRun(run);
  });
});
