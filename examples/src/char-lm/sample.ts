/** Text from a trained char-LM: feed the prime, then sample one character at a time. */
import { dispose, fromArray, Generator, reshape, slice, tidy, type Tensor } from '@rnn/tensor';
import type { LanguageModel } from '@rnn/layers';
import { sampleFromLogits, type Tokenizer } from '@rnn/train';

export interface SampleOptions {
  readonly prime: string;
  readonly length: number;
  readonly temperature: number;
  readonly seed: number;
}

/** `length` characters continuing `prime`, drawn at `temperature` from a seeded generator. */
export function sampleText(model: LanguageModel, tokenizer: Tokenizer, { prime, length, temperature, seed }: SampleOptions): string {
  model.eval();
  const generator = new Generator(seed);
  const column = (ids: ArrayLike<number>): Tensor => fromArray(Array.from(ids, (id) => [id]), { dtype: 'int32' });
  let { logits, state } = model.call(column(tokenizer.encode(prime)));
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const last = tidy(() => reshape(slice(logits, [logits.shape[0]! - 1, 0, 0], [1, 1, -1]), [1, tokenizer.size]));
    const [next] = sampleFromLogits(last, { temperature, generator });
    out.push(next!);
    dispose([last, logits]);
    const previous = state;
    ({ logits, state } = model.call(column([next!]), { initialState: previous }));
    dispose(previous);
  }
  dispose([logits, state]);
  return tokenizer.decode(out);
}
