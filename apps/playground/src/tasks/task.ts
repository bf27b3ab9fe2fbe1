/**
 * A task: the data of one kind of problem and what the worker needs of it — a model built from
 * the settings, training losses, a validation loss, and an input to look inside the model with.
 */
import type { Generator, Tensor } from '@rnn/tensor';
import type { Module, Recurrent } from '@rnn/layers';
import type { ModelSettings, TaskName } from '../settings.js';

/** One sequence of T steps to look inside a model with (`inspect`). */
export interface Inspection {
  /** [T, 1, inputSize]: what the model's recurrent layer reads. */
  readonly input: Tensor;
  /** One per step: the characters, the bits, or the step numbers. */
  readonly labels: readonly string[];
}

/** An inspection input whose last step has a target, for ∂L/∂h_t (`gradients`). */
export interface Probe extends Inspection {
  /**
   * The loss at the last step, from the recurrent layer's outputs [T, 1, F] (a trace's): its
   * gradient with respect to each h_t is what `gradients` plots.
   */
  lastStepLoss(output: Tensor): Tensor;
}

export interface Task {
  readonly name: TaskName;
  /** Draws the training batches; a checkpoint saves it (as `data`) to resume the same stream. */
  readonly dataGenerator: Generator;
  /** A fresh model, its weights and dropout masks drawn from `generator`. */
  buildModel(settings: ModelSettings, generator: Generator): Module;
  /** The recurrent layer of a model of this task; another task's model is a `ModelError`. */
  recurrentOf(model: Module): Recurrent;
  /** The mean loss of the next training batch, to be differentiated (call it under the tape). */
  trainingLoss(model: Module): Tensor;
  /** The mean loss over the held-out data; the caller puts the model in eval mode. */
  validationLoss(model: Module): Promise<number>;
  /** The input `text` (char-lm) or a held-out example, in the caller's memory scope. */
  inspection(model: Module, text: string | null): Inspection;
  /** The same, scored at its last step (char-lm: the text's last character is the target). */
  probe(model: Module, text: string | null): Probe;
}
