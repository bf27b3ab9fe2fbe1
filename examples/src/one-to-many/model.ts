/**
 * A one-to-many decoder. The conditioning vector sets the decoder's initial state through a
 * Dense bridge, h₀ (and c₀ for an LSTM) = tanh(W·v + b) — the way an image or a sentence
 * encoding starts a caption or translation decoder (Vinyals et al. 2015; Cho et al. 2014) — and
 * the decoder then runs T steps on a zero input: everything it emits comes from h₀ and its own
 * dynamics, so generation is one forward call with no feedback of its own outputs.
 */
import { reshape, slice, tidy, zeros, type Generator, type Tensor } from '@rnn/tensor';
import { Dense, Module, recurrentLayer, type ModuleConfig, type Recurrent } from '@rnn/layers';
import type { CellKind } from '../shared/recurrent.js';

export interface OneToManyOptions {
  readonly cell: CellKind;
  readonly conditionSize: number;
  readonly hiddenSize: number;
  /** Steps generated per input. */
  readonly steps: number;
  readonly generator: Generator;
}

export class OneToManyDecoder extends Module {
  readonly cell: CellKind;
  readonly steps: number;
  readonly bridge: Dense;
  readonly rnn: Recurrent;
  readonly head: Dense;

  constructor({ cell, conditionSize, hiddenSize, steps, generator }: OneToManyOptions) {
    super();
    this.cell = cell;
    this.steps = steps;
    this.rnn = recurrentLayer(cell, { inputSize: 1, hiddenSize, generator });
    const states = this.rnn.cells[0]!.stateSizes.length;
    this.bridge = this.registerModule('bridge', new Dense({ inFeatures: conditionSize, outFeatures: states * hiddenSize, activation: 'tanh', generator }));
    this.registerModule('rnn', this.rnn);
    this.head = this.registerModule('head', new Dense({ inFeatures: hiddenSize, outFeatures: 1, generator }));
  }

  /** [B, conditionSize] → [T, B]: the generated sequence of each input, time-major. */
  forward(conditions: Tensor): Tensor {
    return tidy(() => {
      const batch = conditions.shape[0]!;
      const hidden = this.head.inFeatures;
      const bridged = this.bridge.forward(conditions);
      // One [1, B, H] initial state per state of the cell (h, or h and c), as the layer takes them.
      const initialState = this.rnn.cells[0]!.stateSizes.map((_, k) => reshape(slice(bridged, [0, k * hidden], [batch, hidden]), [1, batch, hidden]));
      const { output } = this.rnn.call(zeros([this.steps, batch, 1]), { initialState });
      return reshape(this.head.forward(output), [this.steps, batch]);
    });
  }

  toConfig(): ModuleConfig {
    return {
      type: 'OneToManyDecoder',
      options: { cell: this.cell, conditionSize: this.bridge.inFeatures, hiddenSize: this.head.inFeatures, steps: this.steps },
    };
  }
}
