/**
 * `char-lm`: next-character prediction, as `rnn train` trains it — a character vocabulary from
 * the text, its last tenth held out, random chunks of `seqLen`, one-hot input, cross-entropy.
 */
import { fromArray, oneHot, reshape, slice, tidy, type Generator, type Tensor } from '@rnn/tensor';
import { LanguageModel, type Module, type Recurrent } from '@rnn/layers';
import { CharTokenizer, crossEntropy, evaluateLanguageModel, RandomChunkSampler, splitTrainValidation, type Tokenizer } from '@rnn/train';
import { buildRecurrent } from '../model/build-recurrent.js';
import { ModelError } from '../model/errors.js';
import type { ModelSettings, Settings } from '../settings.js';
import { TaskError } from './errors.js';
import { encodeText } from './encode-text.js';
import { dataGenerator } from './generators.js';
import type { Inspection, Probe, Task } from './task.js';

/** The share of the text held out, as `rnn train --val-fraction` defaults. */
export const VALIDATION_FRACTION = 0.1;
/**
 * Validation reads at most this many held-out characters, so that a check every 100 steps stays
 * a fraction of a second in a browser (tiny-shakespeare holds out 111k).
 */
export const VALIDATION_TOKENS = 16_384;
const VALIDATION_BATCH = 64;

export class CharLmTask implements Task {
  readonly name = 'char-lm';
  readonly tokenizer: Tokenizer;
  readonly dataGenerator: Generator;
  readonly #seqLen: number;
  readonly #sampler: RandomChunkSampler;
  readonly #validation: Int32Array;

  /** `tokenizer`: a loaded model's vocabulary (default: the text's own characters). */
  constructor(settings: Settings, text: string, tokenizer: Tokenizer = CharTokenizer.fromText(text)) {
    if (settings.model.bidirectional) {
      throw new TaskError('a language model cannot be bidirectional: its reverse direction would see the very character each step must predict; turn bidirectional off');
    }
    this.tokenizer = tokenizer;
    this.#seqLen = settings.task.seqLen;
    const { train, validation } = splitTrainValidation(encodeText(tokenizer, text, 'the training text'), VALIDATION_FRACTION);
    if (train.length < this.#seqLen + 2 || validation.length < this.#seqLen + 1) {
      throw new TaskError(
        `the text is too short for sequences of ${this.#seqLen}: its ${train.length} training and ${validation.length} held-out characters ` +
          `need at least ${this.#seqLen + 2} and ${this.#seqLen + 1}; give more text or a shorter sequence length`,
      );
    }
    this.#validation = validation.subarray(0, VALIDATION_TOKENS + 1);
    this.dataGenerator = dataGenerator(settings.training.seed);
    this.#sampler = new RandomChunkSampler(train, { seqLen: this.#seqLen, batchSize: settings.training.batchSize, generator: this.dataGenerator });
  }

  /** One-hot input (the CLI's default, `--embedding 0`), so `rnn generate` reads the same model. */
  buildModel(settings: ModelSettings, generator: Generator): LanguageModel {
    const vocabSize = this.tokenizer.size;
    const rnn = buildRecurrent(settings, { inputSize: vocabSize, returnSequences: true, generator });
    return new LanguageModel({ vocabSize, rnn, dropout: settings.dropout, generator });
  }

  recurrentOf(model: Module): Recurrent {
    return this.#languageModel(model).rnn;
  }

  trainingLoss(model: Module): Tensor {
    const { x, y } = this.#sampler.next();
    return crossEntropy(this.#languageModel(model).forward(x), y);
  }

  async validationLoss(model: Module): Promise<number> {
    const scores = await evaluateLanguageModel(this.#languageModel(model), this.#validation, { seqLen: this.#seqLen, batchSize: VALIDATION_BATCH });
    return scores.loss;
  }

  /** `text`'s characters, or the first `seqLen` held-out ones. */
  inspection(model: Module, text: string | null): Inspection {
    const ids = text === null ? this.#validation.subarray(0, this.#seqLen) : encodeText(this.tokenizer, text, 'the inspected text');
    return this.#inspectionOf(this.#languageModel(model), ids);
  }

  /**
   * L is the cross-entropy of the prediction at the last step: of the held-out character that
   * follows the excerpt, or, for a given text, of its own last character (which is not input).
   */
  probe(model: Module, text: string | null): Probe {
    const ids = text === null ? this.#validation.subarray(0, this.#seqLen + 1) : encodeText(this.tokenizer, text, 'the inspected text');
    if (ids.length < 2) throw new TaskError('the text for gradients needs at least 2 characters: the last one is the target of the step before');
    const lm = this.#languageModel(model);
    const target = ids[ids.length - 1]!;
    const steps = ids.length - 1;
    return {
      ...this.#inspectionOf(lm, ids.subarray(0, steps)),
      lastStepLoss: (output) =>
        tidy(() => {
          const last = slice(output, [steps - 1, 0, 0], [1, 1, output.shape[2]!]);
          const logits = reshape(lm.head.forward(lm.dropout.forward(last)), [1, lm.vocabSize]);
          return crossEntropy(logits, fromArray(Int32Array.of(target), { dtype: 'int32', shape: [1] }));
        }),
    };
  }

  /** The recurrent layer's input for `ids`: one-hot, or the embedding of a CLI model trained with `--embedding`. */
  #inspectionOf(lm: LanguageModel, ids: Int32Array): Inspection {
    const input = tidy(() => {
      const tokens = fromArray(Int32Array.from(ids), { dtype: 'int32', shape: [ids.length, 1] });
      return lm.embedding === null ? oneHot(tokens, lm.vocabSize, { dtype: lm.head.weight.dtype }) : lm.embedding.forward(tokens);
    });
    return { input, labels: Array.from(this.tokenizer.decode(ids)) };
  }

  #languageModel(model: Module): LanguageModel {
    if (!(model instanceof LanguageModel)) throw new ModelError(`a char-lm model is a LanguageModel; this one is a ${model.toConfig().type}`);
    if (model.vocabSize !== this.tokenizer.size) throw new ModelError(`the model predicts ${model.vocabSize} tokens; the vocabulary has ${this.tokenizer.size}`);
    return model;
  }
}
