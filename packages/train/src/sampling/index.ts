/** Sampling for generation: the next token from a model's logits. */
export { sampleFromLogits, type SampleOptions } from './sample-from-logits.js';
export { generateTokens, type GenerateTokensOptions, type StatefulTokenModel } from './generate-tokens.js';
