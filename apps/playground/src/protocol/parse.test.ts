import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';
import { parseCommand, ProtocolError } from './parse.js';

/** DEFAULT_SETTINGS with one field of one group replaced (or removed, with `undefined`). */
function settingsWith(group: 'task' | 'model' | 'training', key: string, value: unknown): unknown {
  const changed = Object.entries({ ...DEFAULT_SETTINGS[group], [key]: value }).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_SETTINGS, [group]: Object.fromEntries(changed) };
}

const configure = (settings: unknown): unknown => ({ type: 'configure', settings, assets: 'http://localhost/' });

function protocolError(data: unknown): ProtocolError {
  try {
    parseCommand(data);
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error(`parseCommand accepted ${JSON.stringify(data)}`);
}

describe('parseCommand accepts', () => {
  it('a configure command with the default settings, returning an equal copy', () => {
    const command = parseCommand(configure(DEFAULT_SETTINGS));
    expect(command).toEqual({ type: 'configure', settings: DEFAULT_SETTINGS, assets: 'http://localhost/' });
  });

  it('every command of the protocol', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const valid = [
      { type: 'start' },
      { type: 'pause' },
      { type: 'reset' },
      { type: 'inspect', text: null, layer: 0, direction: 'forward' },
      { type: 'inspect', text: 'ROMEO:', layer: 1, direction: 'reverse' },
      { type: 'gradients', text: null },
      { type: 'sample', prime: '', temperature: 0.8, length: 200 },
      { type: 'stop-sample' },
      { type: 'save' },
      { type: 'load', bytes, fileName: 'model.safetensors' },
    ];
    for (const command of valid) expect(parseCommand(command)).toEqual(command);
  });

  it('the edges of every range', () => {
    const edges: Settings = {
      task: { name: 'parity', text: 'some text', seqLen: 500 },
      model: { cell: 'gru', layers: 4, hidden: 1024, blockSize: 1024, bidirectional: true, dropout: 0.99 },
      training: { optimizer: 'sgd', learningRate: 1e-9, clip: 0, batchSize: 256, seed: 0 },
      backend: 'cpu',
    };
    expect(parseCommand(configure(edges))).toEqual(configure(edges));
  });
});

describe('parseCommand refuses, naming the field', () => {
  it.each([
    ['model', 'hidden', 0, 'settings.model.hidden must be an integer in [1, 1024], got 0'],
    ['model', 'hidden', 1025, 'settings.model.hidden must be an integer in [1, 1024], got 1025'],
    ['model', 'hidden', 12.5, 'settings.model.hidden must be an integer in [1, 1024], got 12.5'],
    ['model', 'hidden', '128', 'settings.model.hidden must be an integer in [1, 1024], got "128"'],
    ['model', 'layers', 5, 'settings.model.layers must be an integer in [1, 4], got 5'],
    ['model', 'dropout', 1, 'settings.model.dropout must be a number in [0, 1), got 1'],
    ['model', 'dropout', -0.1, 'settings.model.dropout must be a number in [0, 1), got -0.1'],
    ['model', 'blockSize', 3, 'settings.model.blockSize must be a divisor of settings.model.hidden (128), got 3'],
    ['model', 'blockSize', 0, 'settings.model.blockSize must be an integer in [1, 128], got 0'],
    ['model', 'cell', 'lstmm', 'settings.model.cell must be one of rnn, '],
    ['model', 'bidirectional', 'yes', 'settings.model.bidirectional must be true or false, got "yes"'],
    ['training', 'learningRate', 0, 'settings.training.learningRate must be a finite number > 0, got 0'],
    ['training', 'learningRate', Number.NaN, 'settings.training.learningRate must be a finite number > 0, got NaN'],
    ['training', 'clip', -1, 'settings.training.clip must be a finite number ≥ 0, got -1'],
    ['training', 'batchSize', 257, 'settings.training.batchSize must be an integer in [1, 256], got 257'],
    ['training', 'optimizer', 'adagrad', 'settings.training.optimizer must be one of adam, rmsprop, sgd, got "adagrad"'],
    ['training', 'seed', -1, 'settings.training.seed must be an integer in [0, '],
    ['task', 'seqLen', 1, 'settings.task.seqLen must be an integer in [2, 500], got 1'],
    ['task', 'seqLen', 501, 'settings.task.seqLen must be an integer in [2, 500], got 501'],
    ['task', 'name', 'translate', 'settings.task.name must be one of char-lm, adding, sine, parity, got "translate"'],
    ['task', 'text', '', 'settings.task.text must be at least 1 characters, got 0 characters'],
    ['task', 'text', 42, 'settings.task.text must be a string, got 42'],
    ['task', 'seqLen', undefined, 'settings.task.seqLen must be an integer in [2, 500], got undefined'],
  ])('settings.%s.%s = %s', (group, key, value, message) => {
    const error = protocolError(configure(settingsWith(group as 'task', key, value)));
    expect(error.path).toBe(`settings.${group}.${key}`);
    expect(error.message).toContain(message);
  });

  it('an unknown backend, a missing group and an extra key', () => {
    expect(protocolError(configure({ ...DEFAULT_SETTINGS, backend: 'cuda' })).message).toBe('settings.backend must be one of wasm, webgpu, cpu, got "cuda"');
    const { model: _model, ...noModel } = DEFAULT_SETTINGS;
    expect(protocolError(configure(noModel)).path).toBe('settings.model');
    expect(protocolError(configure({ ...DEFAULT_SETTINGS, model: { ...DEFAULT_SETTINGS.model, size: 3 } })).message).toContain('settings.model.size must be absent');
  });

  it('a message that is not a command, or of an unknown type', () => {
    expect(protocolError(null).message).toBe('command must be an object with a type, got null');
    expect(protocolError('start').message).toBe('command must be an object with a type, got "start"');
    expect(protocolError({ type: 'train' }).message).toContain('type must be one of configure, start,');
    expect(protocolError({ type: 'start', now: true }).path).toBe('command.now');
  });

  it.each([
    [{ type: 'configure', settings: DEFAULT_SETTINGS, assets: 7 }, 'assets must be a string, got 7'],
    [{ type: 'inspect', text: null, layer: -1, direction: 'forward' }, 'layer must be an integer in [0, 3], got -1'],
    [{ type: 'inspect', text: null, layer: 0, direction: 'backward' }, 'direction must be one of forward, reverse, got "backward"'],
    [{ type: 'inspect', text: '', layer: 0, direction: 'forward' }, 'text must be a string of 1 to 500 characters, got 0 characters'],
    [{ type: 'inspect', text: 'x'.repeat(501), layer: 0, direction: 'forward' }, 'text must be a string of 1 to 500 characters, got 501 characters'],
    [{ type: 'gradients' }, 'text must be a string, got undefined'],
    [{ type: 'sample', prime: 'a', temperature: 0, length: 10 }, 'temperature must be a finite number > 0, got 0'],
    [{ type: 'sample', prime: 'a', temperature: 1, length: 5001 }, 'length must be an integer in [1, 5000], got 5001'],
    [{ type: 'sample', prime: 'a', temperature: 1, length: 0 }, 'length must be an integer in [1, 5000], got 0'],
    [{ type: 'sample', prime: null, temperature: 1, length: 1 }, 'prime must be a string, got null'],
    [{ type: 'load', bytes: [1, 2], fileName: 'a' }, 'bytes must be a Uint8Array (the file’s contents), got an array of 2'],
    [{ type: 'load', bytes: new ArrayBuffer(2), fileName: 'a' }, 'bytes must be a Uint8Array (the file’s contents), got an object'],
    [{ type: 'load', bytes: new Uint8Array(2) }, 'fileName must be a string, got undefined'],
  ])('%j', (command, message) => {
    expect(protocolError(command).message).toBe(message);
  });
});
