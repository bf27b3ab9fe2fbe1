export { accuracy, type AccuracyOptions } from './accuracy.js';
export { bitsPerCharacter, perplexity } from './information.js';
export { RunningMean } from './running-mean.js';
export { sequenceAccuracy, tokenAccuracy, type SequenceAccuracyOptions } from './sequence-accuracy.js';
