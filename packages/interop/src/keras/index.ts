/**
 * Keras models and weights into @rnn: `.keras` (Keras 3) and legacy `.h5` (Keras 2) files.
 */
export { importKeras, type ImportKerasOptions, type KerasImport } from './import-keras.js';
export { loadKerasWeights } from './load-keras-weights.js';
