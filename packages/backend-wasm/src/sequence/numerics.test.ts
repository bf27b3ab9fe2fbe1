// The float32 kernels against the cpu backend in float64 (the oracle): every output and gradient
// of a training forward and backward pass, at sizes the conformance suite does not reach — odd
// widths (H not a multiple of 4 or 8), B = 1, zero-length entries, either direction — and at a
// medium size where the SIMD paths and the K blocking run in full.
import { createCpuBackend } from '@rnn/tensor';
import type { FusedCellConfig } from '@rnn/tensor/backend';
import { afterAll, describe, expect, it } from 'vitest';
import { caseValues, expectClose, runCase, type Case } from './cases.js';
import { sequenceFixture } from './fixture.js';

const fixture = await sequenceFixture();
const oracle = createCpuBackend();
afterAll(() => {
  fixture.backend.destroy();
});

function expectMatchesOracle(c: Case, rtol: number, atol: number, label: string): void {
  const values = caseValues(c, 7);
  const before = fixture.backend.numHandles();
  expectClose(runCase(fixture.backend, 'float32', c, values), runCase(oracle, 'float64', c, values), rtol, atol, label);
  expect(fixture.backend.numHandles(), `${label}: live handles`).toBe(before);
}

const H = 5;
const cells: readonly (readonly [string, FusedCellConfig])[] = [
  ['rnn tanh', { kind: 'rnn', hiddenSize: H, bias: true, nonlinearity: 'tanh' }],
  ['rnn relu, no bias', { kind: 'rnn', hiddenSize: H, bias: false, nonlinearity: 'relu' }],
  ['lstm', { kind: 'lstm', hiddenSize: H, bias: true }],
  ['lstm + peepholes + projection, cifg', { kind: 'lstm', hiddenSize: 13, bias: true, peephole: true, projSize: 3, cifg: true }],
  ['lstm + projection, no bias', { kind: 'lstm', hiddenSize: 9, bias: false, projSize: 6 }],
  ['gru (reset after)', { kind: 'gru', hiddenSize: H, bias: true }],
  ['gru (reset before)', { kind: 'gru', hiddenSize: 11, bias: true, resetAfter: false }],
];

describe('the float32 kernels against the float64 cpu backend', () => {
  describe.each(cells)('%s', (_name, cell) => {
    it.each([
      ['forward, B = 6 with zero-length entries', { batch: 6, reverse: false, lengths: [7, 0, 3, 7, 1, 0] }],
      ['reverse, B = 6 with zero-length entries', { batch: 6, reverse: true, lengths: [7, 0, 3, 7, 1, 0] }],
      ['reverse, B = 1, no lengths', { batch: 1, reverse: true, lengths: null }],
      ['forward, B = 9, no lengths', { batch: 9, reverse: false, lengths: null }],
    ] as const)('%s', (label, variant) => {
      expectMatchesOracle({ cell, steps: 7, inputSize: 3, ...variant }, 1e-5, 1e-6, label);
    });
  });

  it('runs empty sequences: T = 0 passes the state gradients through, B = 0 gives empty results and zero weight gradients', () => {
    const cell: FusedCellConfig = { kind: 'lstm', hiddenSize: 6, bias: true, peephole: true };
    expectMatchesOracle({ cell, steps: 0, batch: 3, inputSize: 2, reverse: false, lengths: null }, 1e-5, 1e-6, 'T = 0');
    expectMatchesOracle({ cell, steps: 4, batch: 0, inputSize: 2, reverse: false, lengths: null }, 1e-5, 1e-6, 'B = 0');
    expectMatchesOracle({ cell, steps: 4, batch: 2, inputSize: 2, reverse: true, lengths: [0, 0] }, 1e-5, 1e-6, 'every entry empty');
  });

  it('runs empty widths: I = 0 (products of no terms are zero), H = 0', () => {
    expectMatchesOracle({ cell: { kind: 'lstm', hiddenSize: 4, bias: true }, steps: 3, batch: 2, inputSize: 0, reverse: false, lengths: null }, 1e-5, 1e-6, 'I = 0');
    const resetBefore: FusedCellConfig = { kind: 'gru', hiddenSize: 3, bias: true, resetAfter: false };
    expectMatchesOracle({ cell: resetBefore, steps: 3, batch: 2, inputSize: 0, reverse: true, lengths: [1, 3] }, 1e-5, 1e-6, 'I = 0, reverse, lengths');
    expectMatchesOracle({ cell: { kind: 'gru', hiddenSize: 0, bias: true }, steps: 3, batch: 2, inputSize: 2, reverse: false, lengths: null }, 1e-5, 1e-6, 'H = 0');
  });

  // Full SIMD tiles and K-blocked products. Outputs, states and dx hold the tolerance above; a
  // weight gradient is a float32 sum of T·B = 2048 products that cancel, whose relative error
  // reaches ~5e-5, hence rtol 1e-4 here.
  it.each([
    ['lstm', { kind: 'lstm', hiddenSize: 256, bias: true }],
    ['gru', { kind: 'gru', hiddenSize: 256, bias: true }],
  ] as const)('%s at B = 32, T = 64, I = 128, H = 256', (name, cell) => {
    expectMatchesOracle({ cell, steps: 64, batch: 32, inputSize: 128, reverse: false, lengths: null }, 1e-4, 1e-5, name);
  });
});
