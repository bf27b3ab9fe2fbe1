/** ONNX export and import: RNN/LSTM/GRU layers and the models around them, proven against onnxruntime. */
export { exportOnnx, type ExportOnnxOptions } from './export-onnx.js';
export { importOnnx, type ImportOnnxOptions } from './import-onnx.js';
