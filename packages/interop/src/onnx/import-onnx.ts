/** `importOnnx`: an ONNX file back into a module with its weights. */
import { fromArray, Generator, type Backend, type Tensor } from '@rnn/tensor';
import { buildModule, type Module, type ModuleConfig } from '@rnn/layers';
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { CONFIG_KEY } from './metadata.js';
import { readOnnxFile, type OnnxFile } from './onnx-file.js';
import { agreeModule, withDefaults } from './reconcile.js';
import type { Recognized } from './recognized.js';
import { composeChain, recognizeChain } from './recognize-chain.js';

/** The location of errors no deliberate check produced. */
export const UNEXPECTED_LOCATION = 'file (unexpected failure)';

export interface ImportOnnxOptions {
  /** Draws the initial weights the file's then replace, and dropout masks (default `new Generator(0)`). */
  readonly generator?: Generator;
  /** Where the parameters live (default: the current backend). */
  readonly backend?: Backend;
  /** The parameters' dtype (default: the metadata's, else float32). */
  readonly dtype?: 'float32' | 'float64';
}

/** The metadata config, parsed; null when the file has none. */
function metadataConfig(file: OnnxFile): ModuleConfig | null {
  const text = file.metadata.get(CONFIG_KEY);
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OnnxFormatError(`metadata '${CONFIG_KEY}'`, 'is not JSON', { cause: error });
  }
  const config = parsed as Partial<ModuleConfig> | null;
  if (typeof config !== 'object' || config === null || typeof config.type !== 'string' || typeof config.options !== 'object') {
    throw new OnnxFormatError(`metadata '${CONFIG_KEY}'`, 'is not a module config { type, options }');
  }
  return config as ModuleConfig;
}

/** Loads `weights` into `module` by position (namedParameters order), checking each shape. */
function loadWeights(module: Module, { weights }: Recognized): void {
  const targets = module.namedParameters();
  if (targets.length !== weights.length) throw new OnnxFormatError('graph', `holds ${weights.length} weight tensors; the model it describes has ${targets.length}`);
  const dict: Record<string, Tensor> = {};
  try {
    targets.forEach(([name, parameter], i) => {
      const weight = weights[i]!;
      if (weight.dims.length !== parameter.shape.length || weight.dims.some((d, k) => d !== parameter.shape[k])) {
        throw new OnnxFormatError(`initializer '${weight.source}'`, `gives ${name} dims [${weight.dims.join(', ')}]; the model needs [${parameter.shape.join(', ')}]`);
      }
      dict[name] = fromArray(weight.data, { shape: [...weight.dims], backend: parameter.backend });
    });
    module.loadStateDict(dict);
  } finally {
    for (const t of Object.values(dict)) t.dispose();
  }
}

function build(config: ModuleConfig, options: ImportOnnxOptions, location: string): Module {
  try {
    return buildModule(config, { generator: options.generator ?? new Generator(0), ...(options.backend ? { backend: options.backend } : {}) });
  } catch (error) {
    throw new OnnxFormatError(location, `does not build a model: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function importChecked(bytes: Uint8Array, options: ImportOnnxOptions): Module {
  const file = readOnnxFile(bytes);
  const recognized = composeChain(recognizeChain(file));
  const meta = metadataConfig(file);
  if (meta !== null && !agreeModule(meta, recognized)) {
    throw new OnnxFormatError(`metadata '${CONFIG_KEY}'`, `describes a ${meta.type} that does not match the graph, which shows ${JSON.stringify(recognized.config)}`);
  }
  const config = meta === null ? withDefaults(recognized.config, options.dtype) : options.dtype === undefined ? meta : withDefaults(meta, options.dtype);
  const module = build(config, options, meta === null ? 'graph' : `metadata '${CONFIG_KEY}'`);
  try {
    loadWeights(module, recognized);
  } catch (error) {
    module.dispose();
    throw error;
  }
  return module.eval();
}

/**
 * Rebuilds a module from ONNX bytes. A file from {@link exportOnnx} comes back as exactly the
 * exported model (its `toConfig()` is in the metadata, checked against the graph); any other
 * file is read from its graph: a chain from the input of RNN/LSTM/GRU stacks (with the layout
 * ops exportOnnx emits, or a bare node whose Y is an output), MatMul+Add or Gemm with an
 * optional Relu/Tanh/Sigmoid/Softmax (Dense), Gather (Embedding), Identity (Dropout) and
 * OneHot into a recurrent layer and a linear head (LanguageModel). Files torch.onnx.export
 * wrote for nn.RNN/LSTM/GRU stacks read the same way: Constant nodes count as initializers, and
 * the Shape/ConstantOfShape arithmetic behind torch's default zero initial states is set aside
 * once the zeros are proven. The module is returned in eval mode, weights as ONNX stored them
 * (gate order converted).
 *
 * Throws OnnxFormatError for unreadable or inconsistent files (naming the initializer, node or
 * metadata key) and UnsupportedModelError for ops and patterns with no @rnn counterpart
 * (naming the node and its op_type); nothing else.
 *
 * @example
 * import { readFileSync } from 'node:fs';
 * const model = importOnnx(new Uint8Array(readFileSync('model.onnx')));
 * const logits = model.forward(ids);
 */
export function importOnnx(bytes: Uint8Array, options: ImportOnnxOptions = {}): Module {
  try {
    return importChecked(bytes, options);
  } catch (error) {
    if (error instanceof OnnxFormatError || error instanceof UnsupportedModelError) throw error;
    // A check missed somewhere must still surface as a file problem, never a bare TypeError
    // (the fuzz tests assert this location is never reached).
    const detail = error instanceof Error ? error.message : String(error);
    throw new OnnxFormatError(UNEXPECTED_LOCATION, `could not be imported: ${detail}`, { cause: error });
  }
}
