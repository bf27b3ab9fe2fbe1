import { createCpuBackend, Generator, setBackend, type Backend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { normalNumbers, uniformIntegers, uniformNumbers } from './numbers.js';

setBackend(createCpuBackend());

describe('plain-number draws', () => {
  it('draw within the asked range, the same numbers from the same seed', () => {
    const u = uniformNumbers(new Generator(1), 1000, 2, 3);
    expect(u.every((v) => v >= 2 && v < 3)).toBe(true);
    expect(uniformNumbers(new Generator(1), 1000, 2, 3)).toEqual(u);
    const k = uniformIntegers(new Generator(2), 1000, -1, 2);
    expect(new Set(k)).toEqual(new Set([-1, 0, 1]));
    const z = normalNumbers(new Generator(3), 4000, 5, 0.5);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    expect(Math.abs(mean - 5)).toBeLessThan(0.05); // 6.3 σ of the mean
  });

  it('run on their own cpu backend: the same numbers where the global one reads asynchronously only (WebGPU)', () => {
    const cpu = createCpuBackend();
    const expected = [uniformNumbers(new Generator(4), 10), normalNumbers(new Generator(4), 10), uniformIntegers(new Generator(4), 10, 0, 7)];
    // The cpu backend as an async-only one: any synchronous read through it would throw.
    setBackend({ ...cpu, caps: { ...cpu.caps, syncRead: false }, readSync: undefined } satisfies Backend);
    try {
      expect([uniformNumbers(new Generator(4), 10), normalNumbers(new Generator(4), 10), uniformIntegers(new Generator(4), 10, 0, 7)]).toEqual(expected);
    } finally {
      setBackend(cpu);
    }
  });
});
