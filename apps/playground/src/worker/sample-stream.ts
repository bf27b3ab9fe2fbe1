/**
 * Streaming characters from a char-LM, one `sample-token` event each, while training may go on:
 * every token is drawn holding the model's lock in eval mode (no dropout), so sampling and
 * training steps interleave. `stop()` ends the stream at the next token; either way it ends with
 * `sample-end`.
 */
import { Generator } from '@rnn/tensor';
import type { LanguageModel } from '@rnn/layers';
import { generateTokensAsync, type Tokenizer } from '@rnn/train';
import type { WorkerEvent } from '../protocol/messages.js';
import { encodeText } from '../tasks/encode-text.js';
import { yieldToEventLoop } from './yield.js';

export interface SampleRequest {
  readonly model: LanguageModel;
  readonly tokenizer: Tokenizer;
  /** '' : a newline when the vocabulary has one, else its first character (as `rnn generate`). */
  readonly prime: string;
  readonly temperature: number;
  readonly length: number;
  /** The same seed, model and prime give the same characters. */
  readonly seed: number;
}

export interface SampleContext {
  /** Runs its argument holding the model's lock. */
  readonly exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  readonly post: (event: WorkerEvent) => void;
}

export class SampleStream {
  /** Settles once the stream has ended (and posted `sample-end`). */
  readonly done: Promise<void>;
  #stopped = false;

  /** Throws a TaskError, before streaming anything, for a prime the vocabulary cannot encode. */
  constructor({ model, tokenizer, prime, temperature, length, seed }: SampleRequest, context: SampleContext) {
    const start = prime === '' ? (tokenizer.idOf('\n') === undefined ? tokenizer.tokens[0]! : '\n') : prime;
    const primeIds = encodeText(tokenizer, start, 'the prime');
    const tokens = generateTokensAsync(model, primeIds, { length, temperature, generator: new Generator(seed) });
    this.done = this.#stream(model, tokenizer, tokens, context);
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return this.done;
  }

  async #stream(model: LanguageModel, tokenizer: Tokenizer, tokens: AsyncGenerator<number, void>, { exclusive, post }: SampleContext): Promise<void> {
    try {
      for (;;) {
        const next = await exclusive(async () => {
          if (this.#stopped) {
            await tokens.return(); // frees the state carried between tokens
            return null;
          }
          model.eval();
          return tokens.next();
        });
        if (next === null || next.done === true) break;
        post({ type: 'sample-token', text: tokenizer.decode([next.value]) });
        await yieldToEventLoop();
      }
    } catch (e) {
      post({ type: 'error', command: 'sample', message: e instanceof Error ? e.message : String(e) });
    } finally {
      post({ type: 'sample-end' });
    }
  }
}
