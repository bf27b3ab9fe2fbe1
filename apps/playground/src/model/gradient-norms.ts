/**
 * ‖∂L/∂h_t‖ at every step t, L being the loss at the last step: how much each earlier state still
 * moves the last prediction. A tanh RNN's norms shrink geometrically going back in time (Bengio et
 * al. 1994; Pascanu et al. 2013); an LSTM's cell path lets them survive (Hochreiter 1991).
 */
import { dispose, readAll, sqrt, square, sum, tidy, valueAndGrad, zeros, type Tensor } from '@rnn/tensor';
import type { Recurrent } from '@rnn/layers';
import type { Probe } from '../tasks/task.js';

/**
 * The norms for the last layer's forward direction (the one whose h feeds the last prediction in
 * time order). Zero probes added to every h_t make ∂L/∂probe = ∂L/∂h_t; the caller sets eval mode.
 */
export async function gradientNorms(recurrent: Recurrent, probe: Probe): Promise<Float64Array> {
  const [steps, batch] = probe.input.shape as [number, number, number];
  const probes = recurrent.cells.flatMap((cell) =>
    Array.from({ length: recurrent.directions }, () => zeros([steps, batch, cell.stateSizes[0]!], { dtype: probe.input.dtype, backend: probe.input.backend })),
  );
  const last = (recurrent.numLayers - 1) * recurrent.directions;
  let grads: Tensor[] = [];
  let value: Tensor | undefined;
  try {
    ({ value, grads } = valueAndGrad((...p: Tensor[]) => probe.lastStepLoss(recurrent.trace(probe.input, { stateProbes: p }).output))(...probes));
    const norms = tidy(() => sqrt(sum(square(grads[last]!), [1, 2])));
    try {
      const [data] = await readAll([norms]);
      return Float64Array.from(data!);
    } finally {
      norms.dispose();
    }
  } finally {
    dispose([...probes, ...grads, ...(value === undefined ? [] : [value])]);
  }
}
