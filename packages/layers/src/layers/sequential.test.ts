import { createCpuBackend, fromArray, Generator, numHandles, setBackend, uniform } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Sequential } from './sequential.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const generator = new Generator(0);

describe('Sequential', () => {
  it("chains its layers: each one's output is the next one's input", () => {
    const first = new Dense({ inFeatures: 3, outFeatures: 4, activation: 'relu', generator });
    const second = new Dense({ inFeatures: 4, outFeatures: 2, generator });
    const x = uniform([5, 3], { generator });
    expect(new Sequential([first, second]).forward(x).dataSync()).toEqual(second.forward(first.forward(x)).dataSync());
  });

  it('is the identity with no layers', () => {
    const x = fromArray([1, 2]);
    expect(new Sequential([]).forward(x)).toBe(x);
  });

  it('frees the intermediate results: a forward leaves only its output', () => {
    const model = new Sequential([new Dense({ inFeatures: 3, outFeatures: 4, activation: 'tanh', generator }), new Dense({ inFeatures: 4, outFeatures: 2, generator })]);
    const x = uniform([2, 3], { generator });
    const before = numHandles();
    model.forward(x);
    expect(numHandles() - before).toBe(1);
  });

  it('switches its dropout off in eval mode', () => {
    const model = new Sequential([new Dropout({ rate: 0.9, generator })]);
    const x = fromArray([1, 2, 3]);
    expect(model.eval().forward(x)).toBe(x);
  });
});
