import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { bitsPerCharacter, perplexity } from './information.js';

describe('perplexity', () => {
  it('is e^loss: a uniform guess over 50 tokens has perplexity 50', () => {
    expect(perplexity(Math.log(50))).toBeCloseTo(50, 10);
    expect(perplexity(0)).toBe(1);
  });

  it('rejects a negative or NaN loss', () => {
    expect(() => perplexity(-1)).toThrow(ArgumentError);
    expect(() => perplexity(Number.NaN)).toThrow(ArgumentError);
  });
});

describe('bitsPerCharacter', () => {
  it('is loss / ln 2: a uniform guess over 256 bytes costs 8 bits', () => {
    expect(bitsPerCharacter(Math.log(256))).toBeCloseTo(8, 10);
  });

  it('rejects a negative loss', () => {
    expect(() => bitsPerCharacter(-0.5)).toThrow(ArgumentError);
  });
});
