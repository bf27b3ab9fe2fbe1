/**
 * Host-side random numbers drawn from a caller's `Generator`, so that saving
 * `generator.getState()` and restoring it replays the same draws.
 */
import { createCpuBackend, dispose, uniform, type CpuBackend, type Generator } from '@rnn/tensor';

/**
 * The draws run on a private cpu backend: Philox gives the same words on every backend, and the
 * global one may not read synchronously (WebGPU). Created on first use, not on import.
 */
let host: CpuBackend | undefined;

/** The private cpu backend every host-side draw runs on. */
export function hostBackend(): CpuBackend {
  host ??= createCpuBackend();
  return host;
}

/** 2^-24: a `uniform` draw is k·2^-24 for a 24-bit integer k. */
const STEP = 5.960464477539063e-8;

/**
 * `count` uniform numbers in [0, 1) with 48 random bits each, two Philox words per number: one
 * 24-bit word alone would bias `floor(u·n)` by up to n/2^24 (6 % for a 1 MB corpus).
 */
export function randomUnits(generator: Generator, count: number): Float64Array {
  const out = new Float64Array(count);
  if (count === 0) return out;
  const draws = uniform([2 * count], { generator, dtype: 'float64', backend: hostBackend() });
  const words = draws.dataSync();
  dispose(draws);
  for (let i = 0; i < count; i++) out[i] = words[2 * i]! + words[2 * i + 1]! * STEP;
  return out;
}

/** `count` integers, each uniform in [0, bound). */
export function randomIntegers(generator: Generator, count: number, bound: number): Int32Array {
  const units = randomUnits(generator, count);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(units[i]! * bound);
  return out;
}
