/** The four recurrent layers the examples compare, by the names the reference scripts use. */
import type { Generator } from '@rnn/tensor';
import { GRU, LSTM, RNN, type Recurrent } from '@rnn/layers';

export const CELL_KINDS = ['lstm', 'gru', 'rnn', 'irnn'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export interface RecurrentLayerOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly generator: Generator;
}

/**
 * `rnn` is PyTorch's default Elman layer (tanh); `irnn` is Le et al.'s (2015) IRNN: relu,
 * W_hh = I, both biases 0 and W_ih ~ N(0, 0.001²), the initialisation torch_adding.py applies by
 * hand after building `nn.RNN(nonlinearity='relu')`.
 */
export function recurrentLayer(kind: CellKind, options: RecurrentLayerOptions): Recurrent {
  switch (kind) {
    case 'lstm':
      return new LSTM(options);
    case 'gru':
      return new GRU(options);
    case 'rnn':
      return new RNN({ ...options, nonlinearity: 'tanh' });
    case 'irnn':
      return new RNN({ ...options, nonlinearity: 'relu', irnn: true });
  }
}
