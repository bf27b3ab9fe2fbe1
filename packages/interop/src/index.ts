/**
 * @rnn/interop: models in and out of @rnn — Keras weights in, ONNX out and back in, PyTorch
 * state dicts with their architecture inferred.
 */
export { KerasFormatError, OnnxFormatError, UnsupportedModelError } from './errors.js';
