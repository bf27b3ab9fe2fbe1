/** Recording one recurrent layer's states and gates over an input, for the heatmaps. */
import { dispose } from '@rnn/tensor';
import type { Recurrent } from '@rnn/layers';
import type { ActivationMap } from '../protocol/messages.js';
import type { CellName } from '../settings.js';
import type { Inspection } from '../tasks/task.js';
import { activationMaps } from './activation-maps.js';
import { ModelError } from './errors.js';

export interface LayerChoice {
  readonly layer: number;
  readonly direction: 'forward' | 'reverse';
}

/** Throws a {@link ModelError} when `recurrent` has no such layer or direction. */
export function checkLayerChoice(recurrent: Recurrent, { layer, direction }: LayerChoice): void {
  if (layer >= recurrent.numLayers) throw new ModelError(`the model has ${recurrent.numLayers} recurrent layer${recurrent.numLayers === 1 ? '' : 's'} (0 to ${recurrent.numLayers - 1}); there is no layer ${layer}`);
  if (direction === 'reverse' && recurrent.directions === 1) throw new ModelError('the model is not bidirectional: it has no reverse direction');
}

/** The maps of `choice`'s states and gates over `inspection.input`; the caller sets eval mode. */
export async function inspectLayer(recurrent: Recurrent, inspection: Inspection, choice: LayerChoice, cell: CellName): Promise<ActivationMap[]> {
  checkLayerChoice(recurrent, choice);
  const trace = recurrent.trace(inspection.input);
  try {
    const run = trace.layers.find((r) => r.layer === choice.layer && r.direction === choice.direction)!;
    return await activationMaps(run.activations, cell);
  } finally {
    dispose([trace.output, ...trace.state, ...trace.layers.flatMap((r) => Object.values(r.activations))]);
  }
}
