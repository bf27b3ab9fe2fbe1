/**
 * `sine`: one-step forecasting at every step (many-to-many) of a noisy sum of two sines of
 * incommensurate periods, s(t) = sin(2πt/40) + ½·sin(2πt/13) + ε_t, ε_t ~ N(0, 0.1²). The noise
 * is unpredictable, so σ² = 0.01 is the floor of the MSE.
 */
import { fromArray, slice, tidy, type Generator, type Tensor } from '@rnn/tensor';
import type { Module, Recurrent } from '@rnn/layers';
import { mseLoss, noisySines, uniformIntegers } from '@rnn/train';
import { buildSequenceModel, sequenceModelParts, type SequenceModelShape } from '../model/sequence-model.js';
import type { ModelSettings, Settings } from '../settings.js';
import { dataGenerator, fixedDataGenerator } from './generators.js';
import { readLoss } from './read-loss.js';
import type { Inspection, Probe, Task } from './task.js';

const SHAPE: SequenceModelShape = { inputSize: 1, outputSize: 1, returnSequences: true };
/** Training windows come from the first stretch; validation from the held-out end. */
const TRAINING_LENGTH = 5000;
const HELD_OUT_LENGTH = 1000;
export const SINE_SERIES = { periods: [40, 13], noise: 0.1 } as const;

/** Windows laid out time-major: inputs [T, B, 1], targets (each input's next value) [T, B, 1]. */
interface Windows {
  readonly count: number;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
}

export class SineTask implements Task {
  readonly name = 'sine';
  readonly dataGenerator: Generator;
  readonly #steps: number;
  readonly #batchSize: number;
  readonly #training: Float32Array;
  readonly #validation: Windows;

  constructor(settings: Settings) {
    this.#steps = settings.task.seqLen;
    this.#batchSize = settings.training.batchSize;
    this.dataGenerator = dataGenerator(settings.training.seed);
    const series = noisySines(fixedDataGenerator(settings.training.seed), { length: TRAINING_LENGTH + HELD_OUT_LENGTH, ...SINE_SERIES });
    this.#training = series.subarray(0, TRAINING_LENGTH);
    const heldOut = series.subarray(TRAINING_LENGTH);
    // Non-overlapping windows of T inputs and the value after them (at least one: T ≤ 500).
    const count = Math.floor((heldOut.length - 1) / this.#steps);
    this.#validation = windows(heldOut, Array.from({ length: count }, (_, i) => i * this.#steps), this.#steps);
  }

  buildModel(settings: ModelSettings, generator: Generator): Module {
    return buildSequenceModel(settings, SHAPE, generator);
  }

  recurrentOf(model: Module): Recurrent {
    return sequenceModelParts(model, SHAPE, this.name).recurrent;
  }

  /** Windows at offsets drawn uniformly over the training stretch. */
  trainingLoss(model: Module): Tensor {
    const offsets = uniformIntegers(this.dataGenerator, this.#batchSize, 0, this.#training.length - this.#steps);
    return this.#loss(model, windows(this.#training, offsets, this.#steps));
  }

  validationLoss(model: Module): Promise<number> {
    return readLoss(this.#loss(model, this.#validation));
  }

  /** The first held-out window, its steps labelled by number. */
  inspection(): Inspection {
    const { inputs, count } = this.#validation;
    const first = Float32Array.from({ length: this.#steps }, (_, t) => inputs[t * count]!);
    return { input: fromArray(first, { shape: [this.#steps, 1, 1] }), labels: Array.from({ length: this.#steps }, (_, t) => String(t)) };
  }

  /** L: the squared error of the forecast made at the last step. */
  probe(model: Module): Probe {
    const { head } = sequenceModelParts(model, SHAPE, this.name);
    const { targets, count } = this.#validation;
    const target = targets[(this.#steps - 1) * count]!;
    const last = this.#steps - 1;
    return {
      ...this.inspection(),
      lastStepLoss: (output) =>
        tidy(() => mseLoss(head(slice(output, [last, 0, 0], [1, 1, output.shape[2]!])), fromArray(Float32Array.of(target), { shape: [1, 1, 1] }))),
    };
  }

  #loss(model: Module, { count, inputs, targets }: Windows): Tensor {
    return tidy(() => {
      const shape = [this.#steps, count, 1];
      return mseLoss(model.forward(fromArray(inputs, { shape })), fromArray(targets, { shape }));
    });
  }
}

/** The windows of `series` starting at `offsets`: T inputs each, and the value after each input. */
function windows(series: Float32Array, offsets: ArrayLike<number>, steps: number): Windows {
  const count = offsets.length;
  const inputs = new Float32Array(steps * count);
  const targets = new Float32Array(steps * count);
  for (let b = 0; b < count; b++) {
    const o = offsets[b]!;
    for (let t = 0; t < steps; t++) {
      inputs[t * count + b] = series[o + t]!;
      targets[t * count + b] = series[o + t + 1]!;
    }
  }
  return { count, inputs, targets };
}
