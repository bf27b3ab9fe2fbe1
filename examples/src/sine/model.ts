/** A forecaster: a recurrent layer reads the window, its last output goes to Dense(H → horizon). */
import { reshape, slice, tidy, type Generator, type Tensor } from '@rnn/tensor';
import { Dense, Module, recurrentLayer, type ModuleConfig, type Recurrent } from '@rnn/layers';
import type { CellKind } from '../shared/recurrent.js';

export interface ForecasterOptions {
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly horizon: number;
  readonly generator: Generator;
}

export class Forecaster extends Module {
  readonly cell: CellKind;
  readonly rnn: Recurrent;
  readonly head: Dense;

  constructor({ cell, hiddenSize, horizon, generator }: ForecasterOptions) {
    super();
    this.cell = cell;
    this.rnn = this.registerModule('rnn', recurrentLayer(cell, { inputSize: 1, hiddenSize, generator }));
    this.head = this.registerModule('head', new Dense({ inFeatures: hiddenSize, outFeatures: horizon, generator }));
  }

  /** [window, B, 1] → [B, horizon]: the next `horizon` values after each window. */
  forward(x: Tensor): Tensor {
    return tidy(() => {
      const [steps, batch] = x.shape as [number, number, number];
      const output = this.rnn.forward(x);
      return this.head.forward(reshape(slice(output, [steps - 1], [1]), [batch, output.shape[2]!]));
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'Forecaster', options: { cell: this.cell, hiddenSize: this.head.inFeatures, horizon: this.head.outFeatures } };
  }
}
