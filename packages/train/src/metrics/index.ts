export { accuracy, type AccuracyOptions } from './accuracy.js';
export { bitsPerCharacter, perplexity } from './information.js';
export { RunningMean } from './running-mean.js';
