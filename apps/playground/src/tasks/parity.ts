/**
 * `parity`: sequence classification of bit strings by their count of ones modulo 2 (Minsky &
 * Papert 1969; Hochreiter & Schmidhuber 1997, §5). Every bit matters up to the last, so the
 * network must carry a running count through the whole string. All strings of a batch share one
 * length, drawn in [⌈T/2⌉, T], so the batch needs no padding and no mask.
 */
import { fromArray, oneHot, tidy, type Generator, type Tensor } from '@rnn/tensor';
import type { Module, Recurrent } from '@rnn/layers';
import { crossEntropy, parityExamples, uniformIntegers, type ParityExamples } from '@rnn/train';
import { finalOutput } from '../model/final-output.js';
import { buildSequenceModel, sequenceModelParts, type SequenceModelShape } from '../model/sequence-model.js';
import type { ModelSettings, Settings } from '../settings.js';
import { dataGenerator, fixedDataGenerator } from './generators.js';
import { readLoss } from './read-loss.js';
import type { Inspection, Probe, Task } from './task.js';

const MODULUS = 2;
/** Each bit enters one-hot: [1, 0] for 0, [0, 1] for 1. */
const SHAPE: SequenceModelShape = { inputSize: MODULUS, outputSize: MODULUS, returnSequences: false };
/** Held-out batches, of lengths spread evenly over the training range, the longest last. */
const VALIDATION_BATCHES = 4;
const VALIDATION_BATCH_SIZE = 64;

export class ParityTask implements Task {
  readonly name = 'parity';
  readonly dataGenerator: Generator;
  readonly #longest: number;
  readonly #shortest: number;
  readonly #batchSize: number;
  readonly #validation: readonly ParityExamples[];

  constructor(settings: Settings) {
    this.#longest = settings.task.seqLen;
    this.#shortest = Math.ceil(this.#longest / 2);
    this.#batchSize = settings.training.batchSize;
    this.dataGenerator = dataGenerator(settings.training.seed);
    const fixed = fixedDataGenerator(settings.training.seed);
    const span = this.#longest - this.#shortest;
    this.#validation = Array.from({ length: VALIDATION_BATCHES }, (_, i) => {
      const length = this.#shortest + Math.round((span * (i + 1)) / VALIDATION_BATCHES);
      return parityExamples(fixed, { count: VALIDATION_BATCH_SIZE, minLength: length, maxLength: length, modulus: MODULUS });
    });
  }

  buildModel(settings: ModelSettings, generator: Generator): Module {
    return buildSequenceModel(settings, SHAPE, generator);
  }

  recurrentOf(model: Module): Recurrent {
    return sequenceModelParts(model, SHAPE, this.name).recurrent;
  }

  trainingLoss(model: Module): Tensor {
    const [length] = uniformIntegers(this.dataGenerator, 1, this.#shortest, this.#longest + 1);
    return this.#loss(model, parityExamples(this.dataGenerator, { count: this.#batchSize, minLength: length!, maxLength: length!, modulus: MODULUS }));
  }

  /** The mean over the held-out batches (all the same size, so the mean of their means). */
  async validationLoss(model: Module): Promise<number> {
    let total = 0;
    for (const batch of this.#validation) total += await readLoss(this.#loss(model, batch));
    return total / this.#validation.length;
  }

  /** The first string of the longest held-out batch, its steps labelled by their bits. */
  inspection(): Inspection {
    const bits = this.#validation.at(-1)!.sequences[0]!;
    return { input: bitsInput([bits]), labels: Array.from(bits, String) };
  }

  probe(model: Module): Probe {
    const { recurrent, head } = sequenceModelParts(model, SHAPE, this.name);
    const label = this.#validation.at(-1)!.labels[0]!;
    return {
      ...this.inspection(),
      lastStepLoss: (output) => tidy(() => crossEntropy(head(finalOutput(recurrent, output)), fromArray(Int32Array.of(label), { dtype: 'int32', shape: [1] }))),
    };
  }

  #loss(model: Module, { sequences, labels }: ParityExamples): Tensor {
    return tidy(() => crossEntropy(model.forward(bitsInput(sequences)), fromArray(labels, { dtype: 'int32', shape: [labels.length] })));
  }
}

/** Equal-length bit strings as one-hot steps, time-major: [T, B, 2]. */
function bitsInput(sequences: readonly Uint8Array[]): Tensor {
  const steps = sequences[0]!.length;
  const batch = sequences.length;
  const bits = new Int32Array(steps * batch);
  sequences.forEach((sequence, b) => {
    sequence.forEach((bit, t) => {
      bits[t * batch + b] = bit;
    });
  });
  return tidy(() => oneHot(fromArray(bits, { dtype: 'int32', shape: [steps, batch] }), MODULUS));
}
