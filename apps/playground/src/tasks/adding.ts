/**
 * `adding`: the adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015, §4.1) — two
 * channels per step, a value in [0, 1) and a marker set at one step of each half; the target,
 * read after the last step, is the sum of the two marked values. Always answering 1 scores
 * MSE ≈ 0.167, the line a network beats only by carrying two numbers across up to T steps.
 */
import { fromArray, reshape, tidy, type Generator, type Tensor } from '@rnn/tensor';
import type { Module, Recurrent } from '@rnn/layers';
import { addingProblemBatch, mseLoss, type AddingProblemBatch } from '@rnn/train';
import { finalOutput } from '../model/final-output.js';
import { buildSequenceModel, sequenceModelParts, type SequenceModelShape } from '../model/sequence-model.js';
import type { ModelSettings, Settings } from '../settings.js';
import { dataGenerator, fixedDataGenerator } from './generators.js';
import { readLoss } from './read-loss.js';
import type { Inspection, Probe, Task } from './task.js';

const SHAPE: SequenceModelShape = { inputSize: 2, outputSize: 1, returnSequences: false };
/** Held-out sequences: one batch, scored in one forward pass. */
const VALIDATION_SIZE = 256;

export class AddingTask implements Task {
  readonly name = 'adding';
  readonly dataGenerator: Generator;
  readonly #steps: number;
  readonly #batchSize: number;
  readonly #validation: AddingProblemBatch;

  constructor(settings: Settings) {
    this.#steps = settings.task.seqLen;
    this.#batchSize = settings.training.batchSize;
    this.dataGenerator = dataGenerator(settings.training.seed);
    this.#validation = addingProblemBatch(fixedDataGenerator(settings.training.seed), VALIDATION_SIZE, this.#steps);
  }

  buildModel(settings: ModelSettings, generator: Generator): Module {
    return buildSequenceModel(settings, SHAPE, generator);
  }

  recurrentOf(model: Module): Recurrent {
    return sequenceModelParts(model, SHAPE, this.name).recurrent;
  }

  trainingLoss(model: Module): Tensor {
    return this.#loss(model, addingProblemBatch(this.dataGenerator, this.#batchSize, this.#steps));
  }

  validationLoss(model: Module): Promise<number> {
    return readLoss(this.#loss(model, this.#validation));
  }

  /** The first held-out sequence; its steps are labelled by number, the marked ones with '*'. */
  inspection(): Inspection {
    const { inputs, batchSize } = this.#validation;
    const input = tidy(() => {
      const first = Float32Array.from({ length: this.#steps * 2 }, (_, i) => inputs[(Math.floor(i / 2) * batchSize) * 2 + (i % 2)]!);
      return fromArray(first, { shape: [this.#steps, 1, 2] });
    });
    const labels = Array.from({ length: this.#steps }, (_, t) => (inputs[t * batchSize * 2 + 1] === 1 ? `${t}*` : String(t)));
    return { input, labels };
  }

  probe(model: Module): Probe {
    const { recurrent, head } = sequenceModelParts(model, SHAPE, this.name);
    const target = this.#validation.targets[0]!;
    return {
      ...this.inspection(),
      lastStepLoss: (output) => tidy(() => mseLoss(head(finalOutput(recurrent, output)), fromArray(Float32Array.of(target), { shape: [1, 1] }))),
    };
  }

  #loss(model: Module, batch: AddingProblemBatch): Tensor {
    return tidy(() => {
      const x = fromArray(batch.inputs, { shape: [batch.steps, batch.batchSize, 2] });
      const y = fromArray(batch.targets, { shape: [batch.batchSize, 1] });
      return mseLoss(reshape(model.forward(x), [batch.batchSize, 1]), y);
    });
  }
}
