/** Generation from a stateful token model: feed the prime once, then one drawn token at a time. */
import { ArgumentError, dispose, fromArray, reshape, slice, tidy, type Tensor } from '@rnn/tensor';
import { sampleFromLogits, sampleFromLogitsAsync, type SampleOptions } from './sample-from-logits.js';

/** What generation needs of a model: `LanguageModel`'s `call` (ids `[T, B]` → logits `[T, B, V]`). */
export interface StatefulTokenModel {
  readonly vocabSize: number;
  call(ids: Tensor, options?: { readonly initialState?: readonly Tensor[] }): { readonly logits: Tensor; readonly state: Tensor[] };
}

export interface GenerateTokensOptions extends SampleOptions {
  /** Tokens to draw after the prime. */
  readonly length: number;
}

/**
 * Yields `length` token ids continuing `prime` (one sequence): the prime runs through the model
 * in one call for its state, then each drawn id is fed back from the state of the step before.
 * Ids come one at a time, so a caller can stream them; the state between them is freed when the
 * generator finishes or the caller stops early (`break`). Put the model in eval mode first.
 *
 * @example
 * for (const id of generateTokens(model.eval(), tokenizer.encode('ROMEO:'), { length: 200, temperature: 0.8, generator: new Generator(7) })) {
 *   process.stdout.write(tokenizer.decode([id]));
 * }
 */
export function* generateTokens(model: StatefulTokenModel, prime: ArrayLike<number>, options: GenerateTokensOptions): Generator<number, void, undefined> {
  const feeder = new Feeder(model, prime, options);
  try {
    for (let i = 0; i < options.length; i++) {
      const [id] = sampleFromLogits(feeder.logits, options);
      yield id!;
      if (i < options.length - 1) feeder.feed(id!);
    }
  } finally {
    feeder.dispose();
  }
}

/**
 * {@link generateTokens} for every backend: each id is read asynchronously (WebGPU), so ids come
 * from an async generator. The same ids for the same model, prime and generator state.
 *
 * @example
 * for await (const id of generateTokensAsync(model.eval(), tokenizer.encode('ROMEO:'), { length: 200, temperature: 0.8, generator })) {
 *   process.stdout.write(tokenizer.decode([id]));
 * }
 */
export async function* generateTokensAsync(model: StatefulTokenModel, prime: ArrayLike<number>, options: GenerateTokensOptions): AsyncGenerator<number, void, undefined> {
  const feeder = new Feeder(model, prime, options);
  try {
    for (let i = 0; i < options.length; i++) {
      const [id] = await sampleFromLogitsAsync(feeder.logits, options);
      yield id!;
      if (i < options.length - 1) feeder.feed(id!);
    }
  } finally {
    feeder.dispose();
  }
}

/** The model's state between drawn tokens: the prime fed once, then one id at a time. */
class Feeder {
  private step: Step;

  constructor(
    private readonly model: StatefulTokenModel,
    prime: ArrayLike<number>,
    options: GenerateTokensOptions,
  ) {
    if (prime.length === 0) throw new ArgumentError('generateTokens', 'prime', 'is empty: give at least one token to start from');
    if (!(Number.isInteger(options.length) && options.length >= 0)) {
      throw new ArgumentError('generateTokens', 'length', `must be an integer ≥ 0, got ${options.length}`);
    }
    this.step = feed(model, prime, []);
  }

  /** The logits after the last fed token, [1, V]. */
  get logits(): Tensor {
    return this.step.logits;
  }

  feed(id: number): void {
    const previous = this.step;
    this.step = feed(this.model, [id], previous.state);
    dispose(previous);
  }

  dispose(): void {
    dispose(this.step);
  }
}

/** A type, not an interface, so it is a `TensorContainer` for `dispose`. */
type Step = {
  /** The logits after the last fed token, [1, V]. */
  readonly logits: Tensor;
  readonly state: Tensor[];
};

function feed(model: StatefulTokenModel, ids: ArrayLike<number>, state: readonly Tensor[]): Step {
  return tidy(() => {
    const input = fromArray(Int32Array.from(ids), { dtype: 'int32', shape: [ids.length, 1] });
    const { logits, state: after } = model.call(input, state.length === 0 ? {} : { initialState: state });
    const last = reshape(slice(logits, [ids.length - 1, 0, 0], [1, 1, model.vocabSize]), [1, model.vocabSize]);
    return { logits: last, state: after };
  });
}
