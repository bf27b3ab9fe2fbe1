/**
 * `readOnnxFile`: decodes ONNX bytes and checks everything the importer relies on before it
 * reads a single weight — the opset, each initializer's dims, data type and byte count, and that
 * every node reads only values defined before it. Weights are copied out only on request, so a
 * file that declares a huge shape is refused before anything of that size is allocated.
 * Constant nodes (PyTorch's exporter writes shapes and axes that way) become initializers.
 */
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { DATA_TYPE, onnx, safeInteger, type OnnxTypes } from './proto.js';

/** An initializer whose dims and data length have been checked against each other. */
export interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly proto: OnnxTypes.ITensorProto;
}

/** A node with its optional protobuf fields filled in. */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly OnnxTypes.IAttributeProto[];
}

/** A decoded, checked ONNX model: the parts the importer reads. */
export interface OnnxFile {
  readonly opset: number;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, Initializer>;
  /** Graph inputs that are not initializers: the data the graph is fed. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly metadata: ReadonlyMap<string, string>;
  /** The file's size: the most data any tensor in it can hold. */
  readonly byteLength: number;
}

const ELEMENT_BYTES: Readonly<Record<number, number>> = { [DATA_TYPE.float]: 4, [DATA_TYPE.int32]: 4, [DATA_TYPE.int64]: 8 };
const DATA_TYPE_NAMES: Readonly<Record<number, string>> = { [DATA_TYPE.float]: 'float32', [DATA_TYPE.int32]: 'int32', [DATA_TYPE.int64]: 'int64' };

const initializerAt = (name: string): string => `initializer '${name}'`;

/** Where a node is, for messages: `node 'lstm_0' (LSTM)`. */
export const nodeLocation = (node: Pick<OnnxNode, 'name' | 'opType'>): string => `node '${node.name}' (${node.opType})`;

function decode(bytes: Uint8Array): OnnxTypes.ModelProto {
  if (!(bytes instanceof Uint8Array)) throw new OnnxFormatError('bytes', 'must be a Uint8Array of ONNX protobuf bytes');
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    // protobufjs reports truncation and bad wire types with the byte offset in its message.
    throw new OnnxFormatError(`file (${bytes.length} bytes)`, `is not an ONNX ModelProto: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The element count `dims` declare, refused as soon as it exceeds what `limit` bytes could hold. */
function checkedDims(at: string, rawDims: readonly unknown[], elementBytes: number, limit: number): { dims: number[]; count: number } {
  const dims = rawDims.map((d) => safeInteger(d));
  if (dims.some((d) => d === null || d < 0)) throw new OnnxFormatError(at, `dims [${rawDims.map(String).join(', ')}] must be non-negative integers`);
  const checked = dims as number[];
  if (checked.includes(0)) return { dims: checked, count: 0 };
  let count = 1;
  for (const d of checked) {
    count *= d;
    if (count * elementBytes > limit) throw new OnnxFormatError(at, `dims [${checked.join(', ')}] declare more data than the ${limit}-byte file holds`);
  }
  return { dims: checked, count };
}

/** Checks `tensor`'s dims, data type and data length against each other; `at` names it in errors. */
function checkTensor(tensor: OnnxTypes.ITensorProto, name: string, at: string, fileBytes: number): Initializer {
  const dataType = tensor.dataType ?? 0;
  const elementBytes = ELEMENT_BYTES[dataType];
  if (elementBytes === undefined) throw new OnnxFormatError(at, `data_type ${dataType} is not supported (float32, int32 or int64)`);
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) throw new OnnxFormatError(at, 'is stored in an external file; only self-contained models are read');
  const { dims, count } = checkedDims(at, tensor.dims ?? [], elementBytes, fileBytes);
  const raw = tensor.rawData?.length ?? 0;
  const typed = dataType === DATA_TYPE.float ? tensor.floatData?.length : dataType === DATA_TYPE.int32 ? tensor.int32Data?.length : tensor.int64Data?.length;
  if (raw > 0 ? raw !== count * elementBytes : (typed ?? 0) !== count) {
    const held = raw > 0 ? `${raw} bytes of raw_data` : `${typed ?? 0} values`;
    throw new OnnxFormatError(at, `dims [${dims.join(', ')}] need ${count} ${DATA_TYPE_NAMES[dataType]} values, but it holds ${held}`);
  }
  return { name, dims, dataType, proto: tensor };
}

function checkInitializer(tensor: OnnxTypes.ITensorProto, fileBytes: number): Initializer {
  const name = tensor.name ?? '';
  if (name === '') throw new OnnxFormatError('initializer (unnamed)', 'has no name');
  return checkTensor(tensor, name, initializerAt(name), fileBytes);
}

/**
 * The value of a Constant node that holds a tensor of a data type the importer reads, which it
 * then reads like an initializer; null for other Constants, which stay nodes (and are refused
 * as an op with no counterpart, not as a malformed file).
 */
function constantValue(node: OnnxNode): OnnxTypes.ITensorProto | null {
  const [attribute] = node.attribute;
  const holdsTensor = node.attribute.length === 1 && attribute?.name === 'value' && attribute.type === onnx.AttributeProto.AttributeType.TENSOR;
  const value = holdsTensor && node.output.length === 1 && (node.output[0] ?? '') !== '' ? attribute.t : null;
  return value !== null && value !== undefined && ELEMENT_BYTES[value.dataType ?? 0] !== undefined ? value : null;
}

/**
 * A node's tensor attribute (ConstantOfShape's `value`), checked like an initializer; null when
 * the node has none. Throws OnnxFormatError naming the node when it is malformed.
 */
export function tensorAttribute(file: OnnxFile, node: OnnxNode, name: string): Initializer | null {
  const found = node.attribute.find((a) => a.name === name);
  if (found === undefined) return null;
  const at = `${nodeLocation(node)} attribute '${name}'`;
  if (found.type !== onnx.AttributeProto.AttributeType.TENSOR || found.t === null || found.t === undefined) throw new OnnxFormatError(at, 'must be a tensor');
  return checkTensor(found.t, name, at, file.byteLength);
}

/** The default-domain opset the model imports. */
function opsetOf(model: OnnxTypes.ModelProto): number {
  const entry = model.opsetImport.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  const version = safeInteger(entry?.version);
  if (version === null || version < 1) throw new OnnxFormatError('opset_import', 'has no valid version for the default ONNX domain');
  return version;
}

/**
 * Decodes and checks `bytes`. Throws OnnxFormatError for anything malformed (naming the
 * initializer, node or byte count) and UnsupportedModelError for nodes of other domains.
 *
 * @example
 * const file = readOnnxFile(bytes); // file.initializers.get('W_l0')?.dims → [1, 24, 8]
 */
export function readOnnxFile(bytes: Uint8Array): OnnxFile {
  const model = decode(bytes);
  const graph = model.graph;
  if (graph === null || graph === undefined) throw new OnnxFormatError('graph', 'is missing');
  const opset = opsetOf(model);
  const initializers = new Map<string, Initializer>();
  for (const tensor of graph.initializer ?? []) {
    const checked = checkInitializer(tensor, bytes.length);
    if (initializers.has(checked.name)) throw new OnnxFormatError(initializerAt(checked.name), 'is defined twice');
    initializers.set(checked.name, checked);
  }
  const inputs = (graph.input ?? []).map((v) => v.name ?? '').filter((name) => name !== '' && !initializers.has(name));
  const defined = new Set<string>([...inputs, ...initializers.keys()]);
  const nodes: OnnxNode[] = [];
  for (const proto of graph.node ?? []) {
    const node: OnnxNode = { name: proto.name ?? '', opType: proto.opType ?? '', input: proto.input ?? [], output: proto.output ?? [], attribute: proto.attribute ?? [] };
    if ((proto.domain ?? '') !== '' && proto.domain !== 'ai.onnx') throw new UnsupportedModelError('onnx', nodeLocation(node), `is in domain '${proto.domain}'; only standard ONNX ops are imported`);
    const unknown = node.input.find((name) => name !== '' && !defined.has(name));
    if (unknown !== undefined) throw new OnnxFormatError(nodeLocation(node), `reads '${unknown}', which no graph input, initializer or earlier node provides`);
    for (const name of node.output) {
      if (name === '') continue;
      if (defined.has(name)) throw new OnnxFormatError(nodeLocation(node), `writes '${name}', which is already defined`);
      defined.add(name);
    }
    const constant = node.opType === 'Constant' ? constantValue(node) : null;
    if (constant === null) nodes.push(node);
    else initializers.set(node.output[0]!, checkTensor(constant, node.output[0]!, `${nodeLocation(node)} value`, bytes.length));
  }
  const outputs = (graph.output ?? []).map((v) => v.name ?? '');
  const missing = outputs.find((name) => !defined.has(name));
  if (missing !== undefined) throw new OnnxFormatError(`graph output '${missing}'`, 'is not produced by any node, input or initializer');
  const metadata = new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  return { opset, nodes, initializers, inputs, outputs, metadata, byteLength: bytes.length };
}

/**
 * An initializer's values as float32. Throws OnnxFormatError when it is missing or not float32.
 *
 * @example
 * const { dims, data } = floatInitializer(readOnnxFile(bytes), 'W_l0');
 */
export function floatInitializer(file: OnnxFile, name: string): { dims: readonly number[]; data: Float32Array } {
  const tensor = file.initializers.get(name);
  if (tensor === undefined) throw new OnnxFormatError(initializerAt(name), 'is missing: the weights must be initializers');
  if (tensor.dataType !== DATA_TYPE.float) throw new OnnxFormatError(initializerAt(name), `has data_type ${tensor.dataType}; weights must be float32 (1)`);
  return { dims: tensor.dims, data: floatValues(tensor) };
}

/** A checked float32 tensor's values (its data type is the caller's to check). */
export function floatValues({ proto }: Initializer): Float32Array {
  const raw = proto.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
  return Float32Array.from(proto.floatData ?? []);
}

/**
 * An int32 or int64 initializer's values (shapes, axes, depths). Throws OnnxFormatError when
 * missing or not integer.
 *
 * @example
 * integerInitializer(readOnnxFile(bytes), 'const_0_0_m1'); // [0, 0, -1]
 */
export function integerInitializer(file: OnnxFile, name: string): number[] {
  const tensor = file.initializers.get(name);
  if (tensor === undefined) throw new OnnxFormatError(initializerAt(name), 'is missing: constant inputs must be initializers');
  const raw = tensor.proto.rawData;
  const hasRaw = raw !== null && raw !== undefined && raw.length > 0;
  let values: (number | null)[];
  if (tensor.dataType === DATA_TYPE.int64) {
    const view = hasRaw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
    values = view ? Array.from({ length: raw!.length / 8 }, (_, i) => safeInteger(Number(view.getBigInt64(i * 8, true)))) : (tensor.proto.int64Data ?? []).map((v) => safeInteger(v));
  } else if (tensor.dataType === DATA_TYPE.int32) {
    const view = hasRaw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
    values = view ? Array.from({ length: raw!.length / 4 }, (_, i) => view.getInt32(i * 4, true)) : [...(tensor.proto.int32Data ?? [])];
  } else {
    throw new OnnxFormatError(initializerAt(name), `has data_type ${tensor.dataType}; an integer (int32 or int64) is needed here`);
  }
  if (values.some((v) => v === null)) throw new OnnxFormatError(initializerAt(name), 'holds a value outside the safe integer range');
  return values as number[];
}
