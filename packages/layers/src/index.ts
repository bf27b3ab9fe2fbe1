/**
 * @rnn/layers: a PyTorch-style `Module` base, the feed-forward layers around recurrent ones
 * (Dense, Embedding, Dropout, TimeDistributed, Sequential), PyTorch's single-step cells,
 * safetensors, PyTorch weights in and out, and whole-model save/load.
 *
 * Nothing runs on import: the module-type registry is a plain object, filled only by calls.
 *
 * @example
 * import { createCpuBackend, Generator, setBackend, zeros } from '@rnn/tensor';
 * import { Dense, Sequential, loadModel, saveModel } from '@rnn/layers';
 * setBackend(createCpuBackend());
 * const model = new Sequential([new Dense({ inFeatures: 4, outFeatures: 2, generator: new Generator(0) })]);
 * const copy = loadModel(await saveModel(model));
 */
export { ConfigError, SafetensorsError, StateDictError, type ShapeMismatch } from './errors.js';
export type { JsonObject, JsonValue } from './json.js';

// The module system
export { Module, type LoadStateDictOptions, type LoadStateDictResult } from './module/module.js';
export { ConfigReader, type BuildContext, type ModuleConfig } from './module/config.js';
export {
  buildModule,
  builtinModuleTypes,
  moduleRegistry,
  registerModuleType,
  type BuildOptions,
  type ModuleFromConfig,
  type ModuleRegistry,
} from './module/registry.js';

// Layers
export { ACTIVATIONS, type Activation } from './layers/activation.js';
export type { FloatDType } from './layers/options.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { TimeDistributed } from './layers/time-distributed.js';
export { Sequential } from './layers/sequential.js';
export {
  Recurrent,
  type CellFactory,
  type RecurrentCallOptions,
  type RecurrentOptions,
  type RecurrentResult,
} from './layers/recurrent/recurrent.js';
export type { RecurrentTrace, RecurrentTraceOptions, TracedRun } from './layers/recurrent/trace.js';
export {
  GRU,
  LSTM,
  RNN,
  type GruLayerOptions,
  type LstmLayerOptions,
  type RnnLayerOptions,
} from './layers/recurrent/pytorch-layers.js';
export { type SequenceLayerOptions } from './layers/recurrent/layer-config.js';
export { Jordan, type JordanLayerOptions } from './layers/recurrent/jordan-layer.js';
export { GRUCell, LSTMCell, RNNCell, type CellModuleOptions, type RnnCellOptions } from './layers/recurrent-cells/pytorch-cells.js';
export { CELL_NAMES, isCellName, namedCell, recurrentLayer, type CellName, type NamedCell, type NamedRecurrentOptions } from './layers/recurrent/by-name.js';
export { LanguageModel, type LanguageModelCallOptions, type LanguageModelOptions, type LanguageModelResult } from './layers/language-model.js';
export { MERGE_MODES, type MergeMode } from './layers/recurrent/merge.js';

// Sequence to sequence
export { Attention, maskedSoftmax, type AttentionMemory, type AttentionResult } from './layers/attention/attention.js';
export { AdditiveAttention, type AdditiveAttentionOptions } from './layers/attention/additive-attention.js';
export { LUONG_SCORES, LuongAttention, type LuongAttentionOptions, type LuongScore } from './layers/attention/luong-attention.js';
export { Encoder, type EncoderOptions, type EncoderResult } from './layers/seq2seq/encoder.js';
export { Bridge, BRIDGE_MODES, stackStates, type BridgeMode, type BridgeOptions, type StackStates } from './layers/seq2seq/bridge.js';
export {
  Decoder,
  type DecoderCallOptions,
  type DecoderOptions,
  type DecoderResult,
  type DecoderState,
  type DecoderStepResult,
  type DecoderStyle,
} from './layers/seq2seq/decoder.js';
export {
  Seq2Seq,
  type GreedyDecoding,
  type Seq2SeqCallOptions,
  type Seq2SeqOptions,
  type Seq2SeqResult,
  type TranslateOptions,
} from './layers/seq2seq/seq2seq.js';
export { beamSearch, lengthPenaltyOf, type BeamSearchOptions, type BeamStep, type BeamStepper, type Hypothesis } from './layers/seq2seq/beam-search.js';

// Files
export { decodeSafetensors, type DecodedSafetensors, type DecodeSafetensorsOptions } from './safetensors/decode.js';
export { encodeSafetensors } from './safetensors/encode.js';
export { loadModel, MODEL_FORMAT, saveModel, type LoadModelOptions } from './model/save-load.js';
export { loadModelFile, saveModelFile } from './model/model-file.js';
export { writeFileAtomic } from './model/atomic-file.js';
export { loadPyTorchWeights, savePyTorchWeights, type LoadPyTorchWeightsOptions } from './interop/pytorch.js';
