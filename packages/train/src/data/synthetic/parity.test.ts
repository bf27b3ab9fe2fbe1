import { ArgumentError, createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { parityExamples } from './parity.js';

setBackend(createCpuBackend());

describe('parityExamples', () => {
  it('labels each bit string with its count of ones modulo the modulus, lengths within the range', () => {
    for (const modulus of [2, 3]) {
      const { sequences, labels } = parityExamples(new Generator(5), { count: 200, minLength: 3, maxLength: 9, modulus });
      expect(sequences).toHaveLength(200);
      sequences.forEach((bits, i) => {
        expect(bits.length).toBeGreaterThanOrEqual(3);
        expect(bits.length).toBeLessThanOrEqual(9);
        expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
        expect(labels[i]).toBe(bits.reduce((s, b) => s + b, 0) % modulus);
      });
      expect(new Set(sequences.map((s) => s.length)).size).toBe(7);
      expect(new Set(labels).size).toBe(modulus);
    }
  });

  it('names a bad length range', () => {
    expect(() => parityExamples(new Generator(0), { count: 5, minLength: 4, maxLength: 3, modulus: 2 })).toThrow(ArgumentError);
    expect(() => parityExamples(new Generator(0), { count: 5, minLength: 4, maxLength: 3, modulus: 2 })).toThrow('parityExamples: maxLength must be an integer ≥ minLength 4, got 3');
    expect(() => parityExamples(new Generator(0), { count: 5, minLength: 0, maxLength: 3, modulus: 2 })).toThrow(/^parityExamples: minLength/);
  });
});
