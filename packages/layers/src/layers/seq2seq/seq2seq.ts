/**
 * `Seq2Seq`: an `Encoder`, a `Bridge` and a `Decoder` as one saveable model — trained with teacher
 * forcing (`call`), decoding greedily or with beam search (`translate`).
 */
import {
  ArgumentError,
  argmax,
  concat,
  dispose,
  fromArray,
  full,
  logSoftmax,
  max,
  readAll,
  slice,
  stack,
  tidy,
  type Generator,
  type Tensor,
} from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { ConfigError } from '../../errors.js';
import type { AttentionMemory } from '../attention/attention.js';
import { assertPositiveInteger } from '../options.js';
import { beamSearch, lengthPenaltyOf, type Hypothesis } from './beam-search.js';
import { Bridge, BRIDGE_MODES, stackStates, type BridgeMode } from './bridge.js';
import { Decoder, type DecoderState } from './decoder.js';
import { assertLengths, Encoder } from './encoder.js';
import { reorderMemory } from './reorder-memory.js';

export interface Seq2SeqOptions {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  /** How the encoder's final states start the decoder (default 'auto'; see `Bridge`). */
  readonly bridge?: BridgeMode;
  /** The decoder's token that ends an output. */
  readonly endToken: number;
  /** The token fed at the first decoding step (default: the end token, which then marks both boundaries). */
  readonly startToken?: number;
  /** The most tokens an output may have, its end token included: decoding stops there and longer training targets are refused. */
  readonly maxLength: number;
  /** Draws the bridge's initial weights and the scheduled-sampling coins. */
  readonly generator: Generator;
}

export interface Seq2SeqCallOptions {
  /** Each source's real steps (default: all S). */
  readonly sourceLengths?: readonly number[];
  /** Each target's real steps, its end token included (default: all T); checked against maxLength. */
  readonly targetLengths?: readonly number[];
  /** Scheduled sampling: the chance of feeding the model's own previous prediction (training mode only; default 0). */
  readonly samplingRate?: number;
}

export type Seq2SeqResult = {
  /** `[T, B, vocabSize]`: step t predicts `targets[t]`. */
  readonly logits: Tensor;
  /** `[T, B, S]` attention weights; null without attention. */
  readonly attention: Tensor | null;
};

export interface TranslateOptions {
  readonly sourceLengths?: readonly number[];
  /** 1 (default): greedy decoding on the device with one read at the end; more: beam search. */
  readonly beamWidth?: number;
  /** GNMT's α (default 0); see `beamSearch`. */
  readonly lengthPenalty?: number;
  /** At most the model's maxLength (the default). */
  readonly maxLength?: number;
  /** Hypotheses per source, best first (default 1, at most beamWidth). */
  readonly numReturn?: number;
}

/** The greedy outputs of `decodeGreedy`, on the device. A `type`, so `dispose` takes it. */
export type GreedyDecoding = {
  /** int32 `[L, B]`: the argmax at each step (steps after an entry's end token are meaningless). */
  readonly tokens: Tensor;
  /** `[L, B]`: the log-probability of each chosen token. */
  readonly logProbs: Tensor;
  /** `[L, B, S]`, or null without attention. */
  readonly attention: Tensor | null;
};

/**
 * @example
 * const model = new Seq2Seq({ encoder, decoder, endToken: 12, maxLength: 5, generator });
 * const { logits } = model.call(source, targets, { sourceLengths, targetLengths });
 * const loss = sequenceCrossEntropy(logits, targets, targetLengths); // from @rnn/train
 * const [[best]] = await model.translate(oneSource, { beamWidth: 4 });
 */
export class Seq2Seq extends Module {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly bridge: Bridge;
  readonly endToken: number;
  readonly startToken: number;
  readonly maxLength: number;
  readonly #generator: Generator;

  constructor({ encoder, decoder, bridge = 'auto', endToken, startToken = endToken, maxLength, generator }: Seq2SeqOptions) {
    super();
    for (const [name, token] of [['endToken', endToken], ['startToken', startToken]] as const) {
      if (!Number.isSafeInteger(token) || token < 0 || token >= decoder.vocabSize) {
        throw new ArgumentError('Seq2Seq', name, `must be a token of the decoder's vocabulary [0, ${decoder.vocabSize}), got ${token}`);
      }
    }
    assertPositiveInteger('Seq2Seq', 'maxLength', maxLength);
    if (decoder.attention !== null && decoder.attention.keySize !== encoder.outputSize) {
      throw new ArgumentError('Seq2Seq', 'decoder', `attends to keys of size ${decoder.attention.keySize}, but the encoder's outputs have size ${encoder.outputSize}`);
    }
    const { dtype, backend } = decoder.head.weight;
    this.encoder = this.registerModule('encoder', encoder);
    this.decoder = this.registerModule('decoder', decoder);
    this.bridge = this.registerModule(
      'bridge',
      new Bridge({ mode: bridge, encoder: stackStates(encoder.rnn), decoder: stackStates(decoder.rnn), dtype: dtype === 'float64' ? 'float64' : 'float32', generator, backend }),
    );
    this.endToken = endToken;
    this.startToken = startToken;
    this.maxLength = maxLength;
    this.#generator = generator;
  }

  /** Greedy output tokens for int32 sources `[S, B]`: int32 `[maxLength, B]` (see `translate` for text-ready results). */
  forward(source: Tensor): Tensor {
    const decoding = this.decodeGreedy(source);
    dispose([decoding.logProbs, decoding.attention]);
    return decoding.tokens;
  }

  /**
   * Teacher forcing: the decoder is fed the start token and then `targets` (int32 `[T, B]`,
   * each ending with the end token; pad with any valid id) shifted right by one, and predicts
   * every target token.
   */
  call(source: Tensor, targets: Tensor, options: Seq2SeqCallOptions = {}): Seq2SeqResult {
    const batch = source.shape[1];
    if (targets.dtype !== 'int32' || targets.rank !== 2 || targets.shape[1] !== batch) {
      throw new ArgumentError('Seq2Seq', 'targets', `must be int32 [T, ${batch ?? 'B'}] (time-major, like the source), got ${targets.dtype} [${targets.shape.join(', ')}]`);
    }
    const steps = targets.shape[0]!;
    if (steps === 0) throw new ArgumentError('Seq2Seq', 'targets', 'are empty (0 steps); a target holds at least its end token');
    const { targetLengths } = options;
    if (targetLengths !== undefined) assertLengths('Seq2Seq', 'targetLengths', targetLengths, batch!, steps);
    const longest = targetLengths === undefined ? steps : Math.max(...targetLengths);
    if (longest > this.maxLength) {
      const entry = targetLengths === undefined ? '' : ` (batch entry ${targetLengths.indexOf(longest)})`;
      throw new ArgumentError('Seq2Seq', 'targets', `have ${longest} steps${entry}, more than the decoder's maxLength ${this.maxLength}; raise maxLength or drop the long pairs`);
    }
    return tidy(() => {
      const { state, memory } = this.#start(source, options.sourceLengths);
      const inputs = concat([full([1, batch!], this.startToken, { dtype: 'int32', backend: targets.backend }), slice(targets, [0], [steps - 1])], 0);
      const run = this.decoder.call(inputs, { state, memory, samplingRate: options.samplingRate ?? 0, generator: this.#generator });
      return { logits: run.logits, attention: run.weights };
    });
  }

  /** Greedy decoding on the device, `maxLength` steps, without reading anything back. */
  decodeGreedy(source: Tensor, { sourceLengths, maxLength = this.maxLength }: Pick<TranslateOptions, 'sourceLengths' | 'maxLength'> = {}): GreedyDecoding {
    this.#checkMaxLength(maxLength);
    return tidy(() => {
      const start = this.#start(source, sourceLengths);
      const { memory } = start;
      let { state } = start;
      let tokens = full([source.shape[1]!], this.startToken, { dtype: 'int32', backend: source.backend });
      const chosen: Tensor[] = [];
      const logProbs: Tensor[] = [];
      const weights: Tensor[] = [];
      for (let t = 0; t < maxLength; t++) {
        const step = this.decoder.step(tokens, state, memory);
        tokens = argmax(step.logits, -1);
        chosen.push(tokens);
        // The argmax's log-probability is the largest one.
        logProbs.push(max(logSoftmax(step.logits, -1), -1));
        if (step.weights !== null) weights.push(step.weights);
        state = step.state;
      }
      return { tokens: stack(chosen, 0), logProbs: stack(logProbs, 0), attention: weights.length === 0 ? null : stack(weights, 0) };
    });
  }

  /**
   * Decodes int32 sources `[S, B]`: per entry, its best hypotheses (tokens without the end
   * token, log-probability, score, whether it ended, attention per step). Works with backends
   * that read asynchronously (WebGPU). Call `model.eval()` first, as in PyTorch.
   */
  async translate(source: Tensor, options: TranslateOptions = {}): Promise<Hypothesis[][]> {
    const { sourceLengths, beamWidth = 1, lengthPenalty = 0, maxLength = this.maxLength, numReturn = 1 } = options;
    assertPositiveInteger('Seq2Seq.translate', 'beamWidth', beamWidth);
    this.#checkMaxLength(maxLength);
    if (beamWidth === 1 && numReturn === 1) return this.#greedy(source, sourceLengths, maxLength, lengthPenalty);
    const start = tidy(() => this.#start(source, sourceLengths));
    let state: DecoderState = start.state;
    // Every row of an entry attends to the same source, so the memory's rows follow the entries,
    // not the beams: it is gathered from the encoded batch only when that mapping changes (the
    // first step, and when an entry finishes), not at every step.
    const encoded = start.memory;
    let entries = Int32Array.from({ length: source.shape[1]! }, (_, b) => b);
    let memory: AttentionMemory | null = encoded;
    const memoryTensors = (m: AttentionMemory | null): Tensor[] => (m ? [m.values, m.keys, ...(m.mask ? [m.mask] : [])] : []);
    const stateTensors = (): Tensor[] => [...state.rnn, ...(state.feed ? [state.feed] : [])];
    try {
      return await beamSearch(
        source.shape[1]!,
        async (parents, tokens) => {
          const rowEntries = parents.map((parent) => entries[parent]!);
          const sameEntries = rowEntries.length === entries.length && rowEntries.every((entry, r) => entry === entries[r]);
          const step = tidy(() => {
            const backend = source.backend;
            const rows = sameEntries || encoded === null ? memory : reorderMemory(encoded, fromArray(rowEntries, { dtype: 'int32', backend }));
            const run = this.decoder.step(fromArray(tokens, { dtype: 'int32', backend }), this.decoder.reorderState(state, fromArray(parents, { dtype: 'int32', backend })), rows);
            return { state: run.state, memory: rows, logProbs: logSoftmax(run.logits, -1), weights: run.weights };
          });
          dispose(stateTensors());
          if (!sameEntries && memory !== encoded) dispose(memoryTensors(memory));
          state = step.state;
          memory = step.memory;
          entries = rowEntries;
          const [logProbs, weights] = await readAll(step.weights === null ? [step.logProbs] : [step.logProbs, step.weights]);
          dispose([step.logProbs, step.weights]);
          return { logProbs: logProbs!, attention: weights ?? null };
        },
        { beamWidth, maxLength, startToken: this.startToken, endToken: this.endToken, lengthPenalty, numReturn },
      );
    } finally {
      dispose([...stateTensors(), ...memoryTensors(memory === encoded ? null : memory), ...memoryTensors(encoded)]);
    }
  }

  async #greedy(source: Tensor, sourceLengths: readonly number[] | undefined, maxLength: number, alpha: number): Promise<Hypothesis[][]> {
    const decoding = this.decodeGreedy(source, { ...(sourceLengths ? { sourceLengths } : {}), maxLength });
    const [tokens, logProbs, attention] = await readAll(decoding.attention === null ? [decoding.tokens, decoding.logProbs] : [decoding.tokens, decoding.logProbs, decoding.attention]).finally(() => {
      dispose(decoding);
    });
    const batch = source.shape[1]!;
    const sourceSteps = source.shape[0]!;
    return Array.from({ length: batch }, (_, b) => {
      const generated: number[] = [];
      const rows: Float32Array[] = [];
      let logProb = 0;
      let ended = false;
      for (let t = 0; t < maxLength && !ended; t++) {
        const token = tokens![t * batch + b]!;
        logProb += logProbs![t * batch + b]!;
        if (attention !== undefined) rows.push(Float32Array.from(attention.subarray((t * batch + b) * sourceSteps, (t * batch + b + 1) * sourceSteps)));
        ended = token === this.endToken;
        if (!ended) generated.push(token);
      }
      const length = generated.length + (ended ? 1 : 0);
      return [{ tokens: generated, logProb, score: logProb / lengthPenaltyOf(length, alpha), finished: ended, attention: attention === undefined ? null : rows }];
    });
  }

  /** Encodes the sources; the decoder's first state (through the bridge) and the attention memory. */
  #start(source: Tensor, sourceLengths: readonly number[] | undefined): { state: DecoderState; memory: AttentionMemory | null } {
    return tidy(() => {
      const batch = source.shape[1] ?? 0;
      const encoded = this.encoder.call(source, sourceLengths);
      const state = this.decoder.initialState(this.bridge.call(encoded.state, batch), batch);
      const memory = this.decoder.attention === null ? null : this.decoder.attention.prepare(encoded.output, sourceLengths);
      return { state, memory };
    });
  }

  #checkMaxLength(maxLength: number): void {
    assertPositiveInteger('Seq2Seq', 'maxLength', maxLength);
    if (maxLength > this.maxLength) throw new ArgumentError('Seq2Seq', 'maxLength', `is ${maxLength}, more than the model's maxLength ${this.maxLength}`);
  }

  toConfig(): ModuleConfig {
    return {
      type: 'Seq2Seq',
      options: { encoder: this.encoder.toConfig(), decoder: this.decoder.toConfig(), bridge: this.bridge.mode, endToken: this.endToken, startToken: this.startToken, maxLength: this.maxLength },
    };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Seq2Seq {
    const bridge = options.oneOf('bridge', BRIDGE_MODES);
    const endToken = options.integer('endToken');
    const startToken = options.integer('startToken');
    const maxLength = options.integer('maxLength', { min: 1 });
    const encoder = options.module('encoder');
    const decoder = options.module('decoder');
    if (!(encoder instanceof Encoder) || !(decoder instanceof Decoder)) {
      const [key, child] = encoder instanceof Encoder ? ['decoder', decoder] : ['encoder', encoder];
      encoder.dispose();
      decoder.dispose();
      throw new ConfigError(`${options.path}.${key}`, `must be ${key === 'encoder' ? 'an Encoder' : 'a Decoder'}, got '${child.toConfig().type}'`);
    }
    return new Seq2Seq({ encoder, decoder, bridge, endToken, startToken, maxLength, generator: context.generator });
  }
}
