// The threading contract: on a pool of 2 the batch entries (forward, backward phase 1) and the
// weight-gradient blocks (phase 2) split across threads, each thread on its own scratch, and every
// result is bit for bit the one thread's — an entry's arithmetic does not depend on its slice.
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../index.js';
import { caseValues, runCase, type Case } from './cases.js';

const [pooled, serial] = await Promise.all([createWasmBackend({ threads: 2 }), createWasmBackend()]);
afterAll(() => {
  pooled.destroy();
  serial.destroy();
});

const bits = (x: Float64Array): Uint32Array => new Uint32Array(Float32Array.from(x).buffer);

const cells: readonly (readonly [string, FusedCellConfig])[] = [
  ['lstm + peepholes + projection', { kind: 'lstm', hiddenSize: 32, bias: true, peephole: true, projSize: 12 }],
  ['gru (reset after)', { kind: 'gru', hiddenSize: 30, bias: true }],
  ['gru (reset before)', { kind: 'gru', hiddenSize: 33, bias: false, resetAfter: false }],
];

describe('the fused sequence kernels on 2 threads', () => {
  it('run on the pool', () => {
    expect(pooled.info.threads).toBe(2);
  });

  // B = 9: slices [0, 4) and [4, 9), the second starting mid-way through a 4-row block.
  it.each(cells)('%s: every output and gradient bit for bit as on one thread', (_name, cell) => {
    const c: Case = { cell, steps: 16, batch: 9, inputSize: 32, reverse: true, lengths: [16, 3, 0, 16, 9, 1, 16, 12, 5] };
    const values = caseValues(c, 3);
    const ours = runCase(pooled, 'float32', c, values);
    const reference = runCase(serial, 'float32', c, values);
    for (const [name, expected] of Object.entries(reference)) expect(bits(ours[name]!), name).toEqual(bits(expected));
  });
});
