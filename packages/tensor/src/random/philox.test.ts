import { describe, expect, it } from 'vitest';
import { philox4x32, philoxBlock, unitFloat } from './philox.js';

const hex = (out: Uint32Array): string[] => [...out].map((w) => w.toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  // Known-answer vectors from the Random123 distribution (kat_vectors, philox4x32 10 rounds).
  it('matches the reference for a zero counter and key', () => {
    const out = new Uint32Array(4);
    philox4x32([0, 0, 0, 0], [0, 0], out);
    expect(hex(out)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  });

  it('matches the reference for an all-ones counter and key', () => {
    const out = new Uint32Array(4);
    philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], out);
    expect(hex(out)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
  });

  it('matches the reference for the digits-of-pi counter and key', () => {
    const out = new Uint32Array(4);
    philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], out);
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('splits a block number above 2^32 across the two low counter words', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    philoxBlock(1, 2, 2 ** 32 + 5, a);
    philox4x32([5, 1, 0, 0], [1, 2], b);
    expect(hex(a)).toEqual(hex(b));
  });

  it('maps words to [0, 1) with 24 bits, exactly representable in float32', () => {
    expect(unitFloat(0)).toBe(0);
    const top = unitFloat(0xffffffff);
    expect(top).toBeLessThan(1);
    expect(Math.fround(top)).toBe(top);
  });
});
