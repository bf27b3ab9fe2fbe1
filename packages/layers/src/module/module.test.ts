import {
  ArgumentError,
  createCpuBackend,
  fromArray,
  Generator,
  numHandles,
  setBackend,
  type Tensor,
  type Variable,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateDictError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Sequential } from '../layers/sequential.js';
import type { ModuleConfig } from './config.js';
import { Module } from './module.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** A module with PyTorch's recurrent parameter names, to check how qualified names are built. */
class FakeRecurrent extends Module {
  readonly weight: Variable;

  constructor(hidden: number) {
    super();
    this.weight = this.registerParameter('weight_ih_l0', fromArray(new Float32Array(hidden * 2), { shape: [hidden, 2] }));
    this.registerParameter('bias_ih_l0', fromArray(new Float32Array(hidden)));
  }

  forward(x: Tensor): Tensor {
    return x;
  }

  toConfig(): ModuleConfig {
    return { type: 'FakeRecurrent', options: {} };
  }
}

class Seq2Seq extends Module {
  constructor(encoder: Module, decoder: Module) {
    super();
    this.registerModule('encoder', encoder);
    this.registerModule('decoder', decoder);
  }

  forward(x: Tensor): Tensor {
    return x;
  }

  toConfig(): ModuleConfig {
    return { type: 'Seq2Seq', options: {} };
  }

  /** Exposes the protected registration for the tests of its rules. */
  register(name: string, child: Module): void {
    this.registerModule(name, child);
  }
}

const dense = (inFeatures: number, outFeatures: number, seed = 0): Dense =>
  new Dense({ inFeatures, outFeatures, generator: new Generator(seed) });

describe('Module parameter names', () => {
  it('joins child and parameter names with dots, as PyTorch state dicts do', () => {
    const model = new Seq2Seq(new FakeRecurrent(3), dense(3, 5));
    expect(model.namedParameters().map(([name]) => name)).toEqual([
      'encoder.weight_ih_l0',
      'encoder.bias_ih_l0',
      'decoder.weight',
      'decoder.bias',
    ]);
    expect(model.parameters().map((p) => p.shape)).toEqual([[3, 2], [3], [5, 3], [5]]);
  });

  it('names the children of a Sequential "0", "1", …', () => {
    const model = new Sequential([dense(4, 3), new Dropout({ rate: 0.5, generator: new Generator(0) }), dense(3, 2)]);
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  it('lists a shared (tied) parameter once, but under each of its names in the state dict', () => {
    const first = dense(2, 2);
    const tied = new (class extends FakeRecurrent {
      constructor() {
        super(2);
        this.registerParameter('shared', first.weight);
      }
    })();
    const model = new Seq2Seq(first, tied);
    expect(model.parameters().filter((p) => p === first.weight)).toHaveLength(1);
    expect(Object.keys(model.stateDict())).toContain('encoder.weight');
    expect(Object.keys(model.stateDict())).toContain('decoder.shared');
  });

  it('refuses empty, dotted and duplicate names, and cycles', () => {
    const model = new Seq2Seq(dense(1, 1), dense(1, 1));
    expect(() => {
      model.register('encoder', dense(1, 1));
    }).toThrow(/'encoder' is already registered/);
    expect(() => {
      model.register('a.b', dense(1, 1));
    }).toThrow(ArgumentError);
    expect(() => {
      model.register('', dense(1, 1));
    }).toThrow(ArgumentError);
    expect(() => {
      model.register('self', model);
    }).toThrow(/modules must form a tree/);
  });

  it('lists itself and every descendant with modules()', () => {
    const inner = new Sequential([dense(2, 2)]);
    const model = new Sequential([inner, dense(2, 1)]);
    expect(model.modules()).toHaveLength(4);
    expect(model.modules()[0]).toBe(model);
    expect(model.modules()[1]).toBe(inner);
  });
});

describe('Module training mode', () => {
  it('starts in training mode; eval() and train() switch the whole tree', () => {
    const dropout = new Dropout({ rate: 0.5, generator: new Generator(0) });
    const model = new Sequential([dense(2, 2), new Sequential([dropout])]);
    expect(dropout.training).toBe(true);
    expect(model.eval()).toBe(model);
    expect(dropout.training).toBe(false);
    model.train();
    expect(dropout.training).toBe(true);
    model.train(false);
    expect(model.modules().every((m) => !m.training)).toBe(true);
  });
});

describe('Module state dicts', () => {
  it('round-trips: loading one model state dict into another makes their parameters equal', () => {
    const source = new Sequential([dense(3, 4, 1), dense(4, 2, 2)]);
    const target = new Sequential([dense(3, 4, 3), dense(4, 2, 4)]);
    const result = target.loadStateDict(source.stateDict());
    expect(result).toEqual({ missing: [], unexpected: [] });
    for (const [name, value] of Object.entries(target.stateDict())) {
      expect(value.dataSync()).toEqual(source.stateDict()[name]!.dataSync());
    }
  });

  it('copies values: the loaded dict may be disposed afterwards', () => {
    const model = dense(2, 1);
    const dict = { weight: fromArray([[1, 2]]), bias: fromArray([3]) };
    model.loadStateDict(dict);
    dict.weight.dispose();
    dict.bias.dispose();
    expect(model.weight.dataSync()).toEqual(new Float32Array([1, 2]));
  });

  it('casts values of another dtype to the parameter dtype, as PyTorch copy_ does', () => {
    const model = dense(2, 1);
    model.loadStateDict({ weight: fromArray(new Float64Array([0.5, 0.25]), { shape: [1, 2] }), bias: fromArray([1]) });
    expect(model.weight.dtype).toBe('float32');
    expect(model.weight.dataSync()).toEqual(new Float32Array([0.5, 0.25]));
  });

  it('names every missing and unexpected key', () => {
    const model = new Sequential([dense(2, 2), dense(2, 2)]);
    const dict = { '0.weight': fromArray([[1, 2], [3, 4]]), '0.bias': fromArray([0, 0]), extra: fromArray([1]), 'other.bias': fromArray([1]) };
    let error: unknown;
    try {
      model.loadStateDict(dict);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const stateDictError = error as StateDictError;
    expect(stateDictError.missing).toEqual(['1.weight', '1.bias']);
    expect(stateDictError.unexpected).toEqual(['extra', 'other.bias']);
    expect(stateDictError.message).toContain("missing keys '1.weight', '1.bias'");
    expect(stateDictError.message).toContain("unexpected keys 'extra', 'other.bias'");
  });

  it('reports a shape mismatch with the key and both shapes', () => {
    const model = dense(3, 2);
    const load = (): unknown => model.loadStateDict({ weight: fromArray([[1, 2], [3, 4], [5, 6]]), bias: fromArray([0, 0]) });
    expect(load).toThrow(StateDictError);
    expect(load).toThrow("shape mismatch for 'weight': the parameter is [2, 3], the state dict has [3, 2]");
    try {
      load();
    } catch (e) {
      expect((e as StateDictError).mismatched).toEqual([{ key: 'weight', expected: [2, 3], actual: [3, 2] }]);
    }
  });

  it('assigns nothing when it throws: a valid entry next to a bad one is not written', () => {
    const model = new Sequential([dense(2, 2), dense(2, 2)]);
    const before = Object.values(model.stateDict()).map((t) => t.dataSync());
    const dict = {
      '0.weight': fromArray([[9, 9], [9, 9]]),
      '0.bias': fromArray([9, 9]),
      '1.weight': fromArray([[9, 9, 9]]),
      '1.bias': fromArray([9, 9]),
    };
    expect(() => model.loadStateDict(dict)).toThrow(StateDictError);
    expect(Object.values(model.stateDict()).map((t) => t.dataSync())).toEqual(before);
  });

  it('with strict: false, skips missing and unexpected keys and reports them', () => {
    const model = new Sequential([dense(2, 1), dense(1, 1)]);
    const result = model.loadStateDict({ '0.weight': fromArray([[1, 2]]), surplus: fromArray([0]) }, { strict: false });
    expect(result).toEqual({ missing: ['0.bias', '1.weight', '1.bias'], unexpected: ['surplus'] });
    expect(model.stateDict()['0.weight']!.dataSync()).toEqual(new Float32Array([1, 2]));
  });

  it('refuses a shape mismatch even with strict: false', () => {
    const model = dense(2, 1);
    expect(() => model.loadStateDict({ weight: fromArray([[1, 2, 3]]) }, { strict: false })).toThrow(StateDictError);
  });
});

describe('Module.dispose', () => {
  it('frees every parameter', () => {
    const before = numHandles();
    const model = new Sequential([dense(4, 3), dense(3, 2)]);
    expect(numHandles() - before).toBe(4);
    model.dispose();
    expect(numHandles()).toBe(before);
    expect(model.parameters().every((p) => p.isDisposed)).toBe(true);
  });
});
