/** The adding-problem network: a recurrent layer, its last step's output, then Dense(H → 1). */
import { reshape, slice, tidy, type Generator, type Tensor } from '@rnn/tensor';
import { Dense, Module, recurrentLayer, type ModuleConfig, type Recurrent } from '@rnn/layers';
import type { CellKind } from '../shared/recurrent.js';

export interface AddingModelOptions {
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly generator: Generator;
}

export class AddingModel extends Module {
  readonly cell: CellKind;
  readonly rnn: Recurrent;
  readonly head: Dense;

  constructor({ cell, hiddenSize, generator }: AddingModelOptions) {
    super();
    this.cell = cell;
    this.rnn = this.registerModule('rnn', recurrentLayer(cell, { inputSize: 2, hiddenSize, generator }));
    this.head = this.registerModule('head', new Dense({ inFeatures: hiddenSize, outFeatures: 1, generator }));
  }

  /** [T, B, 2] → [B]: the predicted sum, read from the last step's output as `head(out[-1])`. */
  forward(x: Tensor): Tensor {
    return tidy(() => {
      const [steps, batch] = x.shape as [number, number, number];
      const output = this.rnn.forward(x);
      const last = reshape(slice(output, [steps - 1], [1]), [batch, output.shape[2]!]);
      return reshape(this.head.forward(last), [batch]);
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'AddingModel', options: { cell: this.cell, hiddenSize: this.head.inFeatures } };
  }
}
