/**
 * The LanguageModel pattern: one-hot or embedded ids, one recurrent layer, an optional dropout
 * and a linear head onto the vocabulary, the way LanguageModel builds itself.
 */
import type { JsonObject } from '@rnn/layers';
import type { ChainItem, Recognized } from './recognized.js';

const optionsOf = (item: Recognized): JsonObject => item.config.options;
const isRecurrentType = (type: string): boolean => type === 'RNN' || type === 'LSTM' || type === 'GRU';

/**
 * `items` as one LanguageModel config with its weights (embedding, rnn, head: its parameter
 * order), or null when they are not that pattern.
 *
 * @example
 * asLanguageModel([{ oneHot: 65 }, lstm, dropout, head]); // { config: { type: 'LanguageModel', … }, weights }
 */
export function asLanguageModel(items: readonly ChainItem[]): Recognized | null {
  const [input, rnn, ...rest] = items;
  const head = rest.length === 2 && 'config' in rest[0]! && rest[0].config.type === 'Dropout' ? rest[1] : rest.length === 1 ? rest[0] : undefined;
  if (input === undefined || rnn === undefined || head === undefined || 'oneHot' in rnn || 'oneHot' in head) return null;
  const embedding = 'oneHot' in input ? null : input;
  if (embedding !== null && embedding.config.type !== 'Embedding') return null;
  const vocabSize = embedding === null ? (input as { oneHot: number }).oneHot : optionsOf(embedding).numEmbeddings;
  const r = optionsOf(rnn);
  const h = optionsOf(head);
  const fits =
    isRecurrentType(rnn.config.type) &&
    r.bidirectional === false &&
    r.batchFirst === false &&
    r.returnSequences === true &&
    r.goBackwards === false &&
    head.config.type === 'Dense' &&
    h.outFeatures === vocabSize &&
    h.bias === true &&
    h.activation === 'linear';
  if (!fits || typeof vocabSize !== 'number') return null;
  return {
    config: { type: 'LanguageModel', options: { vocabSize, embeddingDim: embedding === null ? null : optionsOf(embedding).embeddingDim ?? null, rnn: rnn.config } },
    weights: [...(embedding?.weights ?? []), ...rnn.weights, ...head.weights],
  };
}
