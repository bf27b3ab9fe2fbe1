/**
 * `Decoder`: a recurrent language model conditioned on the encoder — through its initial state
 * (from the bridge) and, with attention, on every step's view of the source.
 *
 * Three styles, chosen by the attention it is given:
 * - none: `s_t = RNN(y_{t−1}, s_{t−1})`, `logits = W s_t` (Sutskever et al. 2014; Cho et al. 2014);
 * - additive (Bahdanau et al. 2015): the previous state attends, `c_t = attend(s_{t−1})`, the
 *   context joins the input, `s_t = RNN([y_{t−1}; c_t], s_{t−1})`, `logits = W [s_t; c_t]`;
 * - Luong (Luong et al. 2015): the new state attends, `c_t = attend(s_t)`, the attentional
 *   vector `h̃_t = tanh(W_c [c_t; s_t])` gives `logits = W h̃_t`, and with input feeding
 *   `h̃_{t−1}` joins the next step's input.
 *
 * Training with teacher forcing runs the whole target at once (one fused sequence call) when
 * nothing feeds back — no attention, or Luong without input feeding — and otherwise steps, each
 * step one fused one-step call on backends that have the kernels.
 */
import {
  ArgumentError,
  argmax,
  bernoulli,
  cast,
  concat,
  gather,
  reshape,
  slice,
  stack,
  tidy,
  unstack,
  where,
  zeros,
  type Generator,
  type Tensor,
} from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { AdditiveAttention } from '../attention/additive-attention.js';
import type { Attention, AttentionMemory } from '../attention/attention.js';
import { LuongAttention } from '../attention/luong-attention.js';
import { Dense } from '../dense.js';
import { Dropout } from '../dropout.js';
import { Embedding } from '../embedding.js';
import { assertPositiveInteger, type FloatDType } from '../options.js';
import type { Recurrent } from '../recurrent/recurrent.js';
import { recurrentChild } from '../recurrent/recurrent-child.js';
import { assertTokenIds, tokenVectors } from '../token-input.js';
import { assertSequenceRnn, floatDType } from './encoder.js';
import { ConfigError } from '../../errors.js';

export type DecoderStyle = 'plain' | 'bahdanau' | 'luong';

export interface DecoderOptions {
  readonly vocabSize: number;
  /** Learned token vectors of this size; null (default): one-hot input of width vocabSize. */
  readonly embeddingDim?: number | null;
  /**
   * One direction, time-major, returning sequences; its `inputSize` is the token vector size,
   * plus the attention's `keySize` with additive attention, plus `attentionSize` with Luong
   * input feeding.
   */
  readonly rnn: Recurrent;
  /** `AdditiveAttention` (Bahdanau style), `LuongAttention` (Luong style) or null (default: none). */
  readonly attention?: Attention | null;
  /** Luong only: feed the attentional vector h̃_{t−1} into step t (default true, as Luong et al.). */
  readonly inputFeeding?: boolean;
  /** Luong only: the size of h̃ (default the rnn's output size). */
  readonly attentionSize?: number;
  /** Dropout before the output layer, in training mode (default 0). */
  readonly dropout?: number;
  readonly generator: Generator;
}

/** What one decoding step carries to the next. A `type`, so `dispose(state)` takes it. */
export type DecoderState = {
  /** The rnn's states, each `[numLayers, B, size]`. */
  readonly rnn: Tensor[];
  /** Luong input feeding: h̃ of the previous step, `[B, attentionSize]`; otherwise null. */
  readonly feed: Tensor | null;
};

export type DecoderStepResult = {
  /** `[B, vocabSize]`. */
  readonly logits: Tensor;
  readonly state: DecoderState;
  /** The attention weights over the source, `[B, S]`; null without attention. */
  readonly weights: Tensor | null;
};

export type DecoderResult = {
  /** `[T, B, vocabSize]`. */
  readonly logits: Tensor;
  readonly state: DecoderState;
  /** `[T, B, S]`; null without attention. */
  readonly weights: Tensor | null;
};

export interface DecoderCallOptions {
  readonly state: DecoderState;
  /** The encoder's outputs prepared by `decoder.attention.prepare` (required with attention). */
  readonly memory?: AttentionMemory | null;
  /**
   * Scheduled sampling (Bengio et al. 2015): at each step after the first, each entry is fed the
   * model's own previous prediction (its argmax) instead of the given token with this
   * probability (default 0: pure teacher forcing). Needs `generator`.
   */
  readonly samplingRate?: number;
  readonly generator?: Generator;
}

/**
 * @example
 * const attention = new LuongAttention({ querySize: 64, keySize: 64, score: 'general', generator });
 * const decoder = new Decoder({ vocabSize: 13, embeddingDim: 16, rnn: new LSTM({ inputSize: 16 + 64, hiddenSize: 64, generator }), attention, generator });
 * const memory = attention.prepare(encoderOutput, sourceLengths);
 * const { logits, weights } = decoder.call(targetInputs, { state: decoder.initialState(bridged, batch), memory });
 */
export class Decoder extends Module {
  readonly vocabSize: number;
  readonly embeddingDim: number | null;
  readonly style: DecoderStyle;
  readonly inputFeeding: boolean;
  readonly attentionSize: number | null;
  readonly embedding: Embedding | null;
  readonly rnn: Recurrent;
  readonly attention: Attention | null;
  /** Luong's W_c: [c_t; s_t] → h̃_t. */
  readonly combine: Dense | null;
  readonly dropout: Dropout;
  readonly head: Dense;

  constructor({ vocabSize, embeddingDim = null, rnn, attention = null, inputFeeding, attentionSize, dropout = 0, generator }: DecoderOptions) {
    super();
    assertPositiveInteger('Decoder', 'vocabSize', vocabSize);
    if (embeddingDim !== null) assertPositiveInteger('Decoder', 'embeddingDim', embeddingDim);
    if (rnn.directions !== 1) throw new ArgumentError('Decoder', 'rnn', 'is bidirectional: a decoder produces one token after another, so it runs forward only');
    this.style = attention === null ? 'plain' : attention instanceof AdditiveAttention ? 'bahdanau' : 'luong';
    if (this.style !== 'luong' && (inputFeeding !== undefined || attentionSize !== undefined)) {
      throw new ArgumentError('Decoder', inputFeeding !== undefined ? 'inputFeeding' : 'attentionSize', 'applies to Luong attention only');
    }
    const hidden = rnn.outputSize;
    if (attention !== null && attention.querySize !== hidden) {
      throw new ArgumentError('Decoder', 'attention', `has querySize ${attention.querySize}; the decoder's state it queries with has size ${hidden}`);
    }
    this.vocabSize = vocabSize;
    this.embeddingDim = embeddingDim;
    this.inputFeeding = this.style === 'luong' && (inputFeeding ?? true);
    this.attentionSize = this.style === 'luong' ? (attentionSize ?? hidden) : null;
    if (this.attentionSize !== null) assertPositiveInteger('Decoder', 'attentionSize', this.attentionSize);
    const tokenSize = embeddingDim ?? vocabSize;
    const keySize = attention?.keySize ?? 0;
    const inputSize = tokenSize + (this.style === 'bahdanau' ? keySize : 0) + (this.inputFeeding ? this.attentionSize! : 0);
    assertSequenceRnn('Decoder', rnn, inputSize, this.#inputParts());
    const { backend } = rnn.parameters()[0]!;
    const dtype = floatDType('Decoder', rnn.parameters()[0]!.dtype);
    this.embedding = embeddingDim === null ? null : this.registerModule('embedding', new Embedding({ numEmbeddings: vocabSize, embeddingDim, dtype, generator, backend }));
    this.rnn = this.registerModule('rnn', rnn);
    this.attention = attention === null ? null : this.registerModule('attention', attention);
    this.combine = this.attentionSize === null ? null : this.registerModule('combine', new Dense({ inFeatures: keySize + hidden, outFeatures: this.attentionSize, bias: false, activation: 'tanh', dtype, generator, backend }));
    this.dropout = this.registerModule('dropout', new Dropout({ rate: dropout, generator }));
    const headInput = this.style === 'plain' ? hidden : this.style === 'bahdanau' ? hidden + keySize : this.attentionSize!;
    this.head = this.registerModule('head', new Dense({ inFeatures: headInput, outFeatures: vocabSize, dtype, generator, backend }));
  }

  get dtype(): FloatDType {
    return floatDType('Decoder', this.head.weight.dtype);
  }

  /**
   * The state before the first step: the rnn's states as given (`[numLayers, B, size]` each,
   * e.g. from a `Bridge`) or zeros, and a zero h̃ for input feeding.
   */
  initialState(rnnState: readonly Tensor[] | null, batch: number): DecoderState {
    assertPositiveInteger('Decoder', 'batch', batch);
    const cell = this.rnn.cells[0]!;
    const options = { dtype: this.dtype, backend: this.head.weight.backend };
    return tidy(() => ({
      rnn: cell.stateNames.map((name, k) => {
        const given = rnnState?.[k];
        const expected = [this.rnn.numLayers, batch, this.rnn.cells[this.rnn.numLayers - 1]!.stateSizes[k]!];
        if (given === undefined) return zeros(expected, options);
        if (given.rank !== 3 || given.shape.some((d, i) => d !== expected[i])) {
          throw new ArgumentError('Decoder', `initial ${name}`, `has shape [${given.shape.join(', ')}], expected [${expected.join(', ')}]`);
        }
        return given;
      }),
      feed: this.inputFeeding ? zeros([batch, this.attentionSize!], options) : null,
    }));
  }

  /** Logits for int32 inputs `[T, B]` from a zero state (without attention; see `call`). */
  forward(inputs: Tensor): Tensor {
    return tidy(() => this.call(inputs, { state: this.initialState(null, inputs.shape[1] ?? 1) }).logits);
  }

  /**
   * Teacher forcing: `inputs` are the int32 tokens fed at each step (`[T, B]`, the target shifted
   * right behind a start token); returns each step's logits and attention weights.
   */
  call(inputs: Tensor, options: DecoderCallOptions): DecoderResult {
    assertTokenIds('Decoder', 'inputs', inputs, { vocabSize: this.vocabSize, rank: 2, layout: 'time, batch', embedded: this.embedding !== null });
    const memory = this.#checkMemory(options.memory ?? null);
    const samplingRate = options.samplingRate ?? 0;
    if (!(samplingRate >= 0 && samplingRate <= 1)) throw new ArgumentError('Decoder', 'samplingRate', `must be in [0, 1], got ${samplingRate}`);
    if (samplingRate > 0 && options.generator === undefined) throw new ArgumentError('Decoder', 'generator', 'is needed to draw which steps sample (samplingRate > 0)');
    const sampling = this.training && samplingRate > 0;
    return tidy(() => {
      if (!sampling && !this.#feedsBack()) return this.#wholeSequence(inputs, options.state, memory);
      const steps = unstack(inputs, 0);
      const logits: Tensor[] = [];
      const weights: Tensor[] = [];
      let state = options.state;
      steps.forEach((given, t) => {
        const tokens = sampling && t > 0 ? this.#sampled(given, logits[t - 1]!, samplingRate, options.generator!) : given;
        const step = this.#step(tokens, state, memory);
        logits.push(step.logits);
        if (step.weights !== null) weights.push(step.weights);
        state = step.state;
      });
      return { logits: stack(logits, 0), state, weights: weights.length === 0 ? null : stack(weights, 0) };
    });
  }

  /** One step: int32 tokens `[B]` in, next-token logits `[B, vocabSize]` out (greedy and beam decoding). */
  step(tokens: Tensor, state: DecoderState, memory: AttentionMemory | null = null): DecoderStepResult {
    assertTokenIds('Decoder', 'tokens', tokens, { vocabSize: this.vocabSize, rank: 1, layout: 'batch', embedded: this.embedding !== null });
    return tidy(() => this.#step(tokens, state, this.#checkMemory(memory)));
  }

  /** Rows `index` (int32 `[R]`) of a state: the beams that continue, in their new order. */
  reorderState(state: DecoderState, index: Tensor): DecoderState {
    return tidy(() => ({ rnn: state.rnn.map((s) => gather(s, index, 1)), feed: state.feed && gather(state.feed, index, 0) }));
  }

  #step(tokens: Tensor, state: DecoderState, memory: AttentionMemory | null): DecoderStepResult {
    const x = tokenVectors(tokens, { embedding: this.embedding, vocabSize: this.vocabSize, dtype: this.dtype });
    const batch = x.shape[0]!;
    let input = x;
    let context: Tensor | null = null;
    let weights: Tensor | null = null;
    if (this.style === 'bahdanau') {
      const attended = this.attention!.attend(memory!, reshape(this.#topState(state.rnn[0]!), [1, batch, -1]));
      context = attended.context;
      weights = attended.weights;
      input = concat([x, reshape(context, [batch, -1])], -1);
    }
    if (state.feed !== null) input = concat([input, state.feed], -1);
    const run = this.rnn.call(reshape(input, [1, batch, input.shape[1]!]), { initialState: state.rnn });
    const out = this.#features(run.output, context, memory);
    const features = reshape(out.features, [batch, -1]);
    const attendedWeights = weights ?? out.weights;
    return {
      logits: this.head.forward(this.dropout.forward(features)),
      state: { rnn: run.state, feed: this.inputFeeding ? features : null },
      weights: attendedWeights === null ? null : reshape(attendedWeights, [batch, -1]),
    };
  }

  /** Teacher forcing with nothing fed back: one rnn call over all steps, then attention over all of them at once. */
  #wholeSequence(inputs: Tensor, state: DecoderState, memory: AttentionMemory | null): DecoderResult {
    const x = tokenVectors(inputs, { embedding: this.embedding, vocabSize: this.vocabSize, dtype: this.dtype });
    const run = this.rnn.call(x, { initialState: state.rnn });
    const { features, weights } = this.#features(run.output, null, memory);
    return { logits: this.head.forward(this.dropout.forward(features)), state: { rnn: run.state, feed: null }, weights };
  }

  /** What the output layer reads from the rnn outputs `[T, B, H]` (and Bahdanau's contexts `[T, B, K]`). */
  #features(h: Tensor, context: Tensor | null, memory: AttentionMemory | null): { features: Tensor; weights: Tensor | null } {
    if (this.style === 'plain') return { features: h, weights: null };
    if (this.style === 'bahdanau') return { features: concat([h, context!], -1), weights: null };
    const attended = this.attention!.attend(memory!, h);
    return { features: this.combine!.forward(concat([attended.context, h], -1)), weights: attended.weights };
  }

  /** The top layer's slice of a `[numLayers, B, H]` state: `[B, H]`. */
  #topState(state: Tensor): Tensor {
    return reshape(slice(state, [this.rnn.numLayers - 1], [1]), state.shape.slice(1));
  }

  /** Each entry's own previous argmax with probability `rate`, else the given token. */
  #sampled(given: Tensor, previousLogits: Tensor, rate: number, generator: Generator): Tensor {
    const coin = cast(bernoulli(given.shape, rate, { generator, backend: given.backend }), 'bool');
    return where(coin, argmax(previousLogits, -1), given);
  }

  #feedsBack(): boolean {
    return this.style === 'bahdanau' || this.inputFeeding;
  }

  #checkMemory(memory: AttentionMemory | null): AttentionMemory | null {
    if (this.attention !== null && memory === null) throw new ArgumentError('Decoder', 'memory', 'is required: this decoder attends to the encoder outputs (prepare them with decoder.attention.prepare)');
    if (this.attention === null && memory !== null) throw new ArgumentError('Decoder', 'memory', 'was given, but this decoder has no attention');
    return memory;
  }

  #inputParts(): string {
    const parts = [this.embeddingDim === null ? 'vocabSize (one-hot)' : 'embeddingDim'];
    if (this.style === 'bahdanau') parts.push("the attention's keySize");
    if (this.inputFeeding) parts.push('attentionSize (input feeding)');
    return parts.join(' + ');
  }

  toConfig(): ModuleConfig {
    return {
      type: 'Decoder',
      options: {
        vocabSize: this.vocabSize,
        embeddingDim: this.embeddingDim,
        rnn: this.rnn.toConfig(),
        attention: this.attention?.toConfig() ?? null,
        inputFeeding: this.inputFeeding,
        attentionSize: this.attentionSize,
        dropout: this.dropout.rate,
      },
    };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Decoder {
    const vocabSize = options.integer('vocabSize', { min: 1 });
    const embeddingDim = options.integerOrNull('embeddingDim', { min: 1 });
    const inputFeeding = options.boolean('inputFeeding');
    const attentionSize = options.integerOrNull('attentionSize', { min: 1 });
    const dropout = options.number('dropout', { min: 0, max: 1 });
    const rnn = recurrentChild(options, 'rnn');
    const attention = options.moduleOrNull('attention');
    if (attention !== null && !(attention instanceof AdditiveAttention || attention instanceof LuongAttention)) {
      const type = attention.toConfig().type;
      attention.dispose();
      rnn.dispose();
      throw new ConfigError(`${options.path}.attention`, `must be AdditiveAttention or LuongAttention, got '${type}'`);
    }
    const luong = attention instanceof LuongAttention;
    return new Decoder({ vocabSize, embeddingDim, rnn, attention, dropout, generator: context.generator, ...(luong ? { inputFeeding, attentionSize: attentionSize ?? undefined } : {}) });
  }
}
