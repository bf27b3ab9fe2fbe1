/**
 * Datasets and tokenizers: text ↔ ids, language-model batches (random chunks, sequential
 * chunks, truncated-BPTT streams), time-series windows, shuffled index batches and padding,
 * sequence-to-sequence pairs (tab-separated text → source and target ids), and seeded synthetic
 * tasks (the adding problem, noisy sines, parity).
 */
export { CharTokenizer, type CharTokenizerOptions } from './tokenizers/char-tokenizer.js';
export { WordTokenizer, type WordTokenizerOptions, type WordVocabularyOptions } from './tokenizers/word-tokenizer.js';
export { tokenizerFromJson } from './tokenizers/from-json.js';
export { TokenizerError, type TokenizerErrorDetails } from './tokenizers/errors.js';
export type { CharTokenizerJson, Tokenizer, TokenizerJson, WordTokenizerJson } from './tokenizers/tokenizer.js';
export { splitTrainValidation, type TrainValidationSplit } from './split.js';
export type { ChunkOptions } from './language-model/checks.js';
export { RandomChunkSampler, type LanguageModelBatch, type RandomChunkSamplerOptions } from './language-model/random-chunk-sampler.js';
export { sequentialChunks, type ChunkBatch } from './language-model/sequential-chunks.js';
export { StreamBatcher, type StreamBatch, type StreamBatcherState } from './language-model/stream-batcher.js';
export { slidingWindows, type Series, type SlidingWindowOptions, type SlidingWindows } from './time-series/sliding-windows.js';
export { shuffledBatches, type ShuffledBatchOptions } from './batching/shuffled-batches.js';
export { padSequences, type FeatureSequence, type PaddedBatch, type PadSequencesOptions, type TokenSequence } from './batching/pad-sequences.js';
export { gatherBatch } from './batching/gather-batch.js';
export { parseTsvPairs, type ParseTsvPairsOptions, type TextPair } from './pairs/parse-tsv-pairs.js';
export { encodePairs, type EncodedPairs, type EncodePairsOptions } from './pairs/encode-pairs.js';
export { PairsError, type PairsErrorDetails } from './pairs/errors.js';
export { addingProblemBatch, type AddingProblemBatch } from './synthetic/adding-problem.js';
export { noisySines, repeatLastValueMse, type NoisySineOptions } from './synthetic/noisy-sines.js';
export { parityExamples, type ParityDataOptions, type ParityExamples } from './synthetic/parity.js';
export { normalNumbers, uniformIntegers, uniformNumbers } from './synthetic/numbers.js';
