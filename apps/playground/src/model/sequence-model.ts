/**
 * The model of the adding, sine and parity tasks: a recurrent layer, dropout, and a Dense head —
 * a `Sequential` of registered layers, so a saved model loads through the layers registry with
 * no type of the playground's own.
 */
import { tidy, type Generator, type Tensor } from '@rnn/tensor';
import { Dense, Dropout, Recurrent, Sequential, type Module } from '@rnn/layers';
import type { ModelSettings } from '../settings.js';
import { buildRecurrent } from './build-recurrent.js';
import { ModelError } from './errors.js';

export interface SequenceModelShape {
  /** Features per step of the input. */
  readonly inputSize: number;
  /** Features of each prediction. */
  readonly outputSize: number;
  /** Predict at every step (sine) or once, from the last step (adding, parity). */
  readonly returnSequences: boolean;
}

export function buildSequenceModel(settings: ModelSettings, shape: SequenceModelShape, generator: Generator): Sequential {
  const rnn = buildRecurrent(settings, { inputSize: shape.inputSize, returnSequences: shape.returnSequences, generator });
  const dropout = new Dropout({ rate: settings.dropout, generator });
  const head = new Dense({ inFeatures: rnn.outputSize, outFeatures: shape.outputSize, generator });
  return new Sequential([rnn, dropout, head]);
}

/** A sequence model split into its recurrent layer and the layers after it. */
export interface SequenceModelParts {
  readonly recurrent: Recurrent;
  /** The layers after the recurrent one, applied to its (final or per-step) output. */
  readonly head: (output: Tensor) => Tensor;
}

/**
 * The parts of a model {@link buildSequenceModel} made (or a checkpoint of one), checked against
 * the task's shape: a model of another task or size is a {@link ModelError} saying which.
 */
export function sequenceModelParts(model: Module, shape: SequenceModelShape, task: string): SequenceModelParts {
  if (!(model instanceof Sequential) || !(model.layers[0] instanceof Recurrent)) {
    throw new ModelError(`the ${task} model is a Sequential starting with a recurrent layer; this one is a ${model.toConfig().type}`);
  }
  const [recurrent, ...rest] = model.layers as [Recurrent, ...Module[]];
  const last = rest.at(-1);
  if (recurrent.inputSize !== shape.inputSize) throw new ModelError(`the ${task} model reads ${shape.inputSize} features per step; this one reads ${recurrent.inputSize}`);
  if (recurrent.returnSequences !== shape.returnSequences) {
    throw new ModelError(`the ${task} model predicts ${shape.returnSequences ? 'at every step' : 'once, after the last step'}; this one does not`);
  }
  if (!(last instanceof Dense) || last.outFeatures !== shape.outputSize) throw new ModelError(`the ${task} model ends in a Dense layer of ${shape.outputSize} outputs`);
  return { recurrent, head: (output) => tidy(() => rest.reduce((h, layer) => layer.forward(h), output)) };
}
