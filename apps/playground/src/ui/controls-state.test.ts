import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings.js';
import { controlsFromSettings, settingsFromControls, type ControlsState } from './controls-state.js';

const defaults = controlsFromSettings(DEFAULT_SETTINGS);
const read = (changes: Partial<ControlsState>) => settingsFromControls({ ...defaults, ...changes });

describe('settingsFromControls', () => {
  it('reads back the settings the form was filled from', () => {
    expect(read({})).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('parses numbers as typed, exponents included', () => {
    const reading = read({ learningRate: '1e-2', clip: '0', dropout: '0.25', hidden: ' 64 ' });
    expect(reading.ok && reading.settings.training).toMatchObject({ learningRate: 0.01, clip: 0 });
    expect(reading.ok && reading.settings.model).toMatchObject({ dropout: 0.25, hidden: 64 });
  });

  it('takes pasted text for the char-LM and a blank box as the bundled corpus', () => {
    const pasted = read({ text: 'to be or not to be' });
    expect(pasted.ok && pasted.settings.task.text).toBe('to be or not to be');
    const blank = read({ text: '  \n ' });
    expect(blank.ok && blank.settings.task.text).toBeNull();
  });

  it('drops the text for tasks that generate their own data', () => {
    const reading = read({ task: 'adding', text: 'ignored' });
    expect(reading.ok && reading.settings.task).toEqual({ name: 'adding', text: null, seqLen: 50 });
  });

  it('never makes a char-LM bidirectional, but lets the other tasks be', () => {
    const charLm = read({ bidirectional: true });
    expect(charLm.ok && charLm.settings.model.bidirectional).toBe(false);
    const parity = read({ task: 'parity', bidirectional: true });
    expect(parity.ok && parity.settings.model.bidirectional).toBe(true);
  });

  it('refuses a block size that does not divide the hidden size', () => {
    expect(read({ hidden: '128', blockSize: '3' })).toEqual({ ok: false, errors: { blockSize: 'Must divide the hidden size (128).' } });
    const divides = read({ hidden: '128', blockSize: '4' });
    expect(divides.ok && divides.settings.model.blockSize).toBe(4);
  });

  it('uses block size 1 for cells without memory blocks, whatever the field says', () => {
    const reading = read({ cell: 'gru', blockSize: '3' });
    expect(reading.ok && reading.settings.model).toMatchObject({ cell: 'gru', blockSize: 1 });
  });

  it('names every wrong field with a message a person can act on', () => {
    const reading = read({ seqLen: '', layers: '2.5', hidden: '0', dropout: '1', learningRate: '0', clip: '-1', batchSize: 'many', cell: 'transformer' });
    expect(reading).toEqual({
      ok: false,
      errors: {
        seqLen: 'A whole number from 2 to 500.',
        layers: 'A whole number from 1 to 4.',
        hidden: 'A whole number from 1 to 1024.',
        dropout: 'A number from 0 up to (not including) 1.',
        learningRate: 'A number above 0, e.g. 0.003.',
        clip: 'A number ≥ 0 (0 turns clipping off).',
        batchSize: 'A whole number from 1 to 256.',
        cell: expect.stringContaining('Pick one of: rnn, relu') as unknown,
      },
    });
  });
});

describe('controlsFromSettings', () => {
  it('shows the bundled corpus as an empty text box', () => {
    expect(defaults).toMatchObject({ task: 'char-lm', text: '', cell: 'lstm', hidden: '128', learningRate: '0.003', bidirectional: false });
  });
});
