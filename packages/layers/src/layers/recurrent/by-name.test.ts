import { describe, expect, it } from 'vitest';
import { ArgumentError, createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { CELL_NAMES, isCellName, namedCell, recurrentLayer, type CellName } from './by-name.js';
import { Jordan } from './jordan-layer.js';
import { GRU, LSTM, RNN } from './pytorch-layers.js';

setBackend(createCpuBackend());

const sizes = { inputSize: 3, hiddenSize: 4, generator: new Generator(0) };

describe('namedCell', () => {
  it('says which layer and options each name stands for', () => {
    expect(namedCell('irnn')).toEqual({ layer: 'RNN', nonlinearity: 'relu', irnn: true });
    expect(namedCell('jordan')).toEqual({ layer: 'Jordan' });
    expect(namedCell('gru-reset-before')).toEqual({ layer: 'GRU', resetAfter: false });
    expect(namedCell('cifg')).toEqual({ layer: 'LSTM', variant: 'CIFG', peephole: false });
    expect(namedCell('peephole-lstm')).toEqual({ layer: 'LSTM', variant: 'vanilla', peephole: true });
    expect(namedCell('nfg', { peephole: true })).toEqual({ layer: 'LSTM', variant: 'NFG', peephole: true });
  });

  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => namedCell('lstn' as CellName)).toThrow(ArgumentError);
    expect(() => namedCell('lstn' as CellName)).toThrow(`namedCell: name 'lstn' is not a cell name; use one of ${CELL_NAMES.join(', ')}`);
  });
});

describe('recurrentLayer', () => {
  it('builds the layer of every name with the options the name fixes', () => {
    const layers = Object.fromEntries(CELL_NAMES.map((name) => [name, recurrentLayer(name, sizes)]));
    expect(layers.rnn).toBeInstanceOf(RNN);
    expect(layers.relu).toMatchObject({ nonlinearity: 'relu', irnn: false });
    expect(layers.irnn).toMatchObject({ nonlinearity: 'relu', irnn: true });
    expect(layers.jordan).toBeInstanceOf(Jordan);
    expect(layers.gru).toMatchObject({ resetAfter: true });
    expect(layers['gru-reset-before']).toBeInstanceOf(GRU);
    expect(layers['gru-reset-before']).toMatchObject({ resetAfter: false });
    expect(layers.noaf).toBeInstanceOf(LSTM);
    expect(layers.noaf).toMatchObject({ variant: 'NOAF', peephole: false, projSize: 0, blockSize: 1 });
  });

  it('passes the LSTM options and the shared layer options through', () => {
    const lstm = recurrentLayer('nfg', { ...sizes, hiddenSize: 6, numLayers: 2, bidirectional: true, projSize: 2, blockSize: 3, peephole: true });
    expect(lstm).toMatchObject({ variant: 'NFG', peephole: true, projSize: 2, blockSize: 3, numLayers: 2, directions: 2, inputSize: 3 });
  });

  it('builds the same weights as the layer class from the same generator', () => {
    const named = recurrentLayer('gru', { ...sizes, generator: new Generator(7) });
    const direct = new GRU({ ...sizes, generator: new Generator(7) });
    expect(named.stateDict().weight_hh_l0!.dataSync()).toEqual(direct.stateDict().weight_hh_l0!.dataSync());
  });

  it('refuses an LSTM-only option on another cell, naming the option and the cell', () => {
    expect(() => recurrentLayer('gru', { ...sizes, projSize: 2 })).toThrow(ArgumentError);
    expect(() => recurrentLayer('gru', { ...sizes, projSize: 2 })).toThrow("recurrentLayer: projSize applies to LSTM cells only, not 'gru'");
    expect(() => recurrentLayer('irnn', { ...sizes, peephole: true })).toThrow("recurrentLayer: peephole applies to LSTM cells only, not 'irnn'");
    expect(() => recurrentLayer('jordan', { ...sizes, blockSize: 2 })).toThrow("recurrentLayer: blockSize applies to LSTM cells only, not 'jordan'");
  });

  it("accepts the LSTM options' no-op values on any cell, so a form can always send them", () => {
    expect(recurrentLayer('rnn', { ...sizes, projSize: 0, peephole: false, blockSize: 1 })).toBeInstanceOf(RNN);
  });

  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => recurrentLayer('elman' as CellName, sizes)).toThrow(/^recurrentLayer: name 'elman' is not a cell name; use one of rnn, relu, irnn, jordan, lstm/);
  });
});

describe('isCellName', () => {
  it('tells a cell name from any other string', () => {
    expect(isCellName('peephole-lstm')).toBe(true);
    expect(isCellName('LSTM')).toBe(false);
  });
});
