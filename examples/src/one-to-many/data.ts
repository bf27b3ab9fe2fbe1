/**
 * One input, many outputs: a vector describing a sine wave — its angular frequency and its phase —
 * and the wave itself, y_t = sin(ω·t + φ) for t = 0 … T − 1. The network sees the vector once
 * and has to unroll the whole wave from it.
 */
import type { Generator } from '@rnn/tensor';
import { uniformNumbers } from '@rnn/train';

export interface WaveParameters {
  /** Angular frequency ω, radians per step. */
  readonly frequency: number;
  /** Phase φ, radians. */
  readonly phase: number;
}

export interface FrequencyRange {
  readonly minFrequency: number;
  readonly maxFrequency: number;
}

/** The size of {@link conditioningVector}. */
export const CONDITION_SIZE = 3;

export function sampleWaves(generator: Generator, count: number, { minFrequency, maxFrequency }: FrequencyRange): WaveParameters[] {
  const frequencies = uniformNumbers(generator, count, minFrequency, maxFrequency);
  const phases = uniformNumbers(generator, count, 0, 2 * Math.PI);
  return Array.from(frequencies, (frequency, i) => ({ frequency, phase: phases[i]! }));
}

/**
 * [ω scaled to [−1, 1] over the range, cos φ, sin φ]: the phase as a point on the circle, so
 * that φ = 0 and φ = 2π, the same wave, are the same input.
 */
export function conditioningVector({ frequency, phase }: WaveParameters, { minFrequency, maxFrequency }: FrequencyRange): number[] {
  const middle = (minFrequency + maxFrequency) / 2;
  const half = (maxFrequency - minFrequency) / 2 || 1;
  return [(frequency - middle) / half, Math.cos(phase), Math.sin(phase)];
}

export interface WaveBatch {
  /** [B, 3]: each wave's {@link conditioningVector}. */
  readonly conditions: Float32Array;
  /** [T, B], time-major: wave b's step t at t·B + b. */
  readonly targets: Float32Array;
}

export function waveBatch(waves: readonly WaveParameters[], steps: number, range: FrequencyRange): WaveBatch {
  const batch = waves.length;
  const conditions = new Float32Array(batch * CONDITION_SIZE);
  const targets = new Float32Array(steps * batch);
  waves.forEach((wave, b) => {
    conditions.set(conditioningVector(wave, range), b * CONDITION_SIZE);
    for (let t = 0; t < steps; t++) targets[t * batch + b] = Math.sin(wave.frequency * t + wave.phase);
  });
  return { conditions, targets };
}
