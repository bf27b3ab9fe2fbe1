import { describe, expect, it } from 'vitest';
import { EMPTY_RANGE, gradientPanels } from './gradient-series.js';

const curve = (label: string, norms: readonly number[]) => ({ kind: 'reference' as const, label, norms: Float64Array.from(norms) });

describe('gradientPanels', () => {
  it('gives all panels one y range of whole decades around every curve', () => {
    const shaped = gradientPanels([curve('tanh RNN at init', [2e-7, 3e-4, 0.5]), curve('LSTM at init', [0.02, 0.08, 0.4])]);
    expect(shaped.range[0]).toBeCloseTo(1e-7, 20);
    expect(shaped.range[1]).toBe(1);
    expect(shaped.steps).toEqual([0, 1, 2]);
    expect(shaped.panels.map((panel) => panel.label)).toEqual(['tanh RNN at init', 'LSTM at init']);
  });

  it('turns norms a log scale cannot draw into gaps', () => {
    const shaped = gradientPanels([curve('a', [0, Number.NaN, -1, Number.POSITIVE_INFINITY, 0.3])]);
    expect(shaped.panels[0]!.norms).toEqual([null, null, null, null, 0.3]);
    expect(shaped.range).toEqual([0.1, 1]);
  });

  it('pads curves of different lengths to the longest', () => {
    const shaped = gradientPanels([curve('short', [1]), curve('long', [1, 2, 3])]);
    expect(shaped.panels[0]!.norms).toEqual([1, null, null]);
    expect(shaped.range).toEqual([1, 10]);
  });

  it('falls back to a fixed range when nothing is drawable', () => {
    expect(gradientPanels([curve('vanished', [0, 0])]).range).toEqual(EMPTY_RANGE);
  });
});
