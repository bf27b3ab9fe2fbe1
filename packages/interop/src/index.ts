/**
 * @rnn/interop: models in and out of @rnn — Keras weights in, ONNX out and back in, PyTorch
 * state dicts with their architecture inferred.
 */
export { KerasFormatError, OnnxFormatError, UnsupportedModelError } from './errors.js';
export { importPyTorch, type ImportedPyTorchModel, type ImportPyTorchOptions } from './pytorch/index.js';
export * from './keras/index.js';
export * from './onnx/index.js';
