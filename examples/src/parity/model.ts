/**
 * A many-to-one classifier: a recurrent layer reads the padded batch, its final state (taken at
 * each sequence's own last step, through `lengths`) goes to Dense(H → classes).
 */
import { reshape, tidy, type Generator, type Tensor } from '@rnn/tensor';
import { Dense, Module, recurrentLayer, type ModuleConfig, type Recurrent } from '@rnn/layers';
import type { CellKind } from '../shared/recurrent.js';

export interface SequenceClassifierOptions {
  readonly cell: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly classes: number;
  readonly generator: Generator;
}

export class SequenceClassifier extends Module {
  readonly cell: CellKind;
  readonly rnn: Recurrent;
  readonly head: Dense;

  constructor({ cell, inputSize, hiddenSize, classes, generator }: SequenceClassifierOptions) {
    super();
    this.cell = cell;
    this.rnn = this.registerModule('rnn', recurrentLayer(cell, { inputSize, hiddenSize, generator }));
    this.head = this.registerModule('head', new Dense({ inFeatures: hiddenSize, outFeatures: classes, generator }));
  }

  /** [T, B, F] → [B, classes] logits; `lengths` (default all T) marks where each sequence ends. */
  classify(x: Tensor, lengths?: readonly number[]): Tensor {
    return tidy(() => {
      const { state } = this.rnn.call(x, lengths ? { lengths } : {});
      // h_n: [1, B, H] for a single-layer, single-direction layer.
      const h = state[0]!;
      return this.head.forward(reshape(h, [h.shape[1]!, h.shape[2]!]));
    });
  }

  forward(x: Tensor): Tensor {
    return this.classify(x);
  }

  toConfig(): ModuleConfig {
    return {
      type: 'SequenceClassifier',
      options: { cell: this.cell, inputSize: this.rnn.inputSize, hiddenSize: this.head.inFeatures, classes: this.head.outFeatures },
    };
  }
}
