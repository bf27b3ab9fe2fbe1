/**
 * The four recurrent layers the examples compare, by the names the reference scripts use; each
 * builds `recurrentLayer(kind, …)` of @rnn/layers. `rnn` is PyTorch's default Elman layer
 * (tanh); `irnn` is Le et al.'s (2015) IRNN: relu, W_hh = I, both biases 0 and
 * W_ih ~ N(0, 0.001²), the initialisation torch_adding.py applies by hand after building
 * `nn.RNN(nonlinearity='relu')`.
 */
import type { CellName } from '@rnn/layers';

export const CELL_KINDS = ['lstm', 'gru', 'rnn', 'irnn'] as const satisfies readonly CellName[];
export type CellKind = (typeof CELL_KINDS)[number];
