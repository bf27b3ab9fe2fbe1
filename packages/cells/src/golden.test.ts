// The PyTorch golden vectors (shared/golden, discovered recursively) pin the numerics: every
// output and every gradient of the golden loss, in float64 and in float32, within the
// tolerances the golden README sets.
import { join } from 'node:path';
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellModules, goldenMismatches, loadGoldens, runCellGolden, runSequenceGolden, tolerances } from './testing/golden.js';

const goldens = loadGoldens(join(import.meta.dirname, '../../../../shared/golden'));
const cellCases = goldens.filter((c) => cellModules.includes(c.module));
const sequenceCases = goldens.filter((c) => !cellModules.includes(c.module));
const dtypes = [
  { dtype: 'float64', ...tolerances.float64 },
  { dtype: 'float32', ...tolerances.float32 },
] as const;

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('the golden vectors', () => {
  it('are found, cells and sequences (Jordan among them)', () => {
    expect(cellCases.map((c) => c.module)).toEqual(expect.arrayContaining(['RNNCell', 'LSTMCell', 'GRUCell']));
    expect(sequenceCases.map((c) => c.module)).toContain('Jordan');
  });
});

describe.each(cellCases)('single step: $file ($module)', (c) => {
  it.each(dtypes)('reproduces the outputs and every gradient in $dtype (rtol $rtol, atol $atol)', ({ dtype, rtol, atol }) => {
    expect(goldenMismatches(c, runCellGolden(c, dtype), { rtol, atol })).toEqual([]);
  });
});

// Sequences run the same cells through rnnSequence, stacked and in both directions as PyTorch
// does, with packed lengths where the case has them: FGR's gate state and the Jordan network's
// output feedback only show over several steps.
describe.each(sequenceCases)('through rnnSequence: $file ($module)', (c) => {
  it.each(dtypes)('reproduces the outputs and every gradient in $dtype (rtol $rtol, atol $atol)', ({ dtype, rtol, atol }) => {
    expect(goldenMismatches(c, runSequenceGolden(c, dtype), { rtol, atol })).toEqual([]);
  });
});
