/**
 * The char-LM run of `shared/reference/torch_charlm.py`, in @rnn: one-hot characters → stacked
 * LSTM → linear → softmax; batches of random contiguous chunks from the first 90 % of the text;
 * Adam; global-norm clipping; validation loss (nats per character) over the last 10 % in
 * non-overlapping chunks.
 */
import { Generator } from '@rnn/tensor';
import { GRU, LanguageModel, LSTM, RNN, type Recurrent } from '@rnn/layers';
import { Adam, CharTokenizer, crossEntropy, evaluateLanguageModel, fit, RandomChunkSampler, splitTrainValidation } from '@rnn/train';

export const CHAR_LM_CELLS = ['lstm', 'gru', 'rnn'] as const;
export type CharLmCell = (typeof CHAR_LM_CELLS)[number];

export interface CharLmOptions {
  readonly cell: CharLmCell;
  readonly layers: number;
  readonly hidden: number;
  readonly seqLen: number;
  readonly batch: number;
  readonly lr: number;
  readonly clip: number;
  readonly steps: number;
  readonly evalEvery: number;
  readonly valFrac: number;
  /** Weights come from `seed`, batch offsets from `seed + 1`. */
  readonly seed: number;
}

/** The reference configuration (torch_charlm.py's defaults). */
export const CHAR_LM_DEFAULTS: CharLmOptions = {
  cell: 'lstm',
  layers: 2,
  hidden: 128,
  seqLen: 50,
  batch: 50,
  lr: 2e-3,
  clip: 5,
  steps: 2000,
  evalEvery: 500,
  valFrac: 0.1,
  seed: 1,
};

export interface CharLmEvaluation {
  readonly step: number;
  /** The last training batch's loss. */
  readonly trainLoss: number;
  /** Validation loss, nats per character. */
  readonly valLoss: number;
  /** Since training began, evaluations included (as the reference counts). */
  readonly seconds: number;
}

export interface CharLmResult {
  readonly evaluations: readonly CharLmEvaluation[];
  readonly finalValLoss: number;
  readonly vocabSize: number;
  readonly wallSeconds: number;
  /** Training time per step, evaluations excluded. */
  readonly msPerStep: number;
  readonly model: LanguageModel;
  readonly tokenizer: CharTokenizer;
}

function recurrentLayer({ cell, layers, hidden }: CharLmOptions, inputSize: number, generator: Generator): Recurrent {
  const options = { inputSize, hiddenSize: hidden, numLayers: layers, generator };
  if (cell === 'gru') return new GRU(options);
  if (cell === 'rnn') return new RNN(options);
  return new LSTM(options);
}

export async function trainCharLm(text: string, overrides: Partial<CharLmOptions> = {}, onEvaluation?: (e: CharLmEvaluation) => void): Promise<CharLmResult> {
  const options = { ...CHAR_LM_DEFAULTS, ...overrides };
  const tokenizer = CharTokenizer.fromText(text);
  const { train, validation } = splitTrainValidation(tokenizer.encode(text), options.valFrac);
  const generator = new Generator(options.seed);
  const model = new LanguageModel({ vocabSize: tokenizer.size, rnn: recurrentLayer(options, tokenizer.size, generator), generator });
  const sampler = new RandomChunkSampler(train, { seqLen: options.seqLen, batchSize: options.batch, generator: new Generator(options.seed + 1) });
  const evaluations: CharLmEvaluation[] = [];
  let evaluationSeconds = 0;
  const started = performance.now();
  const result = await fit({
    model,
    optimizer: new Adam(model.parameters(), { lr: options.lr }),
    data: sampler,
    loss: ({ x, y }) => crossEntropy(model.forward(x), y),
    steps: options.steps,
    clipNorm: options.clip,
    validation: {
      every: options.evalEvery,
      evaluate: async (context) => {
        const evaluationStarted = performance.now();
        const { loss } = await evaluateLanguageModel(model, validation, { seqLen: options.seqLen, batchSize: 256 });
        evaluationSeconds += (performance.now() - evaluationStarted) / 1000;
        const e = { step: context.step, trainLoss: context.history.at(-1)?.loss ?? Number.NaN, valLoss: loss, seconds: (performance.now() - started) / 1000 };
        evaluations.push(e);
        onEvaluation?.(e);
        return { loss };
      },
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    evaluations,
    finalValLoss: evaluations.at(-1)?.valLoss ?? Number.NaN,
    vocabSize: tokenizer.size,
    wallSeconds,
    msPerStep: ((wallSeconds - evaluationSeconds) * 1000) / Math.max(result.step, 1),
    model,
    tokenizer,
  };
}
