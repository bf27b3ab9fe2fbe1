export { importPyTorch, type ImportedPyTorchModel, type ImportPyTorchOptions } from './import-pytorch.js';
