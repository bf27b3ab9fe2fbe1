import { describe, expect, it } from 'vitest';
import type { GradientCurve } from '../protocol/messages.js';
import { EARLIER_RUNS, GradientHistory } from './gradient-history.js';

const curve = (kind: GradientCurve['kind'], label: string): GradientCurve => ({ kind, label, norms: Float64Array.of(1e-6, 1) });
const event = (model: string): GradientCurve[] => [curve('model', model), curve('reference', 'tanh RNN at init'), curve('reference', 'LSTM at init')];
const labels = (curves: readonly GradientCurve[]): string[] => curves.map((c) => c.label);

describe('GradientHistory', () => {
  it('draws this model first, then the references', () => {
    expect(labels(new GradientHistory().arrange(event('lstm, step 10')))).toEqual(['this model: lstm, step 10', 'tanh RNN at init', 'LSTM at init']);
  });

  it("keeps the latest curve of each earlier run, newest first, between this model's and the references", () => {
    const history = new GradientHistory();
    history.arrange(event('lstm, step 10'));
    history.arrange(event('lstm, step 4000'));
    history.newRun();
    history.newRun(); // a run with no curve adds nothing
    history.arrange(event('rnn, step 200'));
    history.newRun();
    expect(labels(history.arrange(event('gru, step 5')))).toEqual([
      'this model: gru, step 5',
      'earlier run: rnn, step 200',
      'earlier run: lstm, step 4000',
      'tanh RNN at init',
      'LSTM at init',
    ]);
  });

  it(`remembers at most ${EARLIER_RUNS} earlier runs`, () => {
    const history = new GradientHistory();
    for (let run = 0; run < EARLIER_RUNS + 2; run++) {
      history.arrange(event(`run ${run}`));
      history.newRun();
    }
    const earlier = labels(history.arrange(event('now'))).filter((label) => label.startsWith('earlier'));
    expect(earlier).toEqual(Array.from({ length: EARLIER_RUNS }, (_, i) => `earlier run: run ${EARLIER_RUNS + 1 - i}`));
  });
});
