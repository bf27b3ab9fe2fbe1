/** Text from a trained char-LM: feed the prime, then sample one character at a time. */
import { Generator } from '@rnn/tensor';
import type { LanguageModel } from '@rnn/layers';
import { generateTokens, type Tokenizer } from '@rnn/train';

export interface SampleOptions {
  readonly prime: string;
  readonly length: number;
  readonly temperature: number;
  readonly seed: number;
}

/** `length` characters continuing `prime`, drawn at `temperature` from a seeded generator. */
export function sampleText(model: LanguageModel, tokenizer: Tokenizer, { prime, length, temperature, seed }: SampleOptions): string {
  const ids = generateTokens(model.eval(), tokenizer.encode(prime), { length, temperature, generator: new Generator(seed) });
  return tokenizer.decode([...ids]);
}
