/** Sampling for generation: the next token from a model's logits. */
export { sampleFromLogits, sampleFromLogitsAsync, type SampleOptions } from './sample-from-logits.js';
export { generateTokens, generateTokensAsync, type GenerateTokensOptions, type StatefulTokenModel } from './generate-tokens.js';
