/**
 * `readOnnxFile`: decodes ONNX bytes and checks everything the importer relies on before it
 * reads a single weight — the opset, each initializer's dims, data type and byte count, and that
 * every node reads only values defined before it. Weights are copied out only on request, so a
 * file that declares a huge shape is refused before anything of that size is allocated.
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
function checkedDims(name: string, rawDims: readonly unknown[], elementBytes: number, limit: number): { dims: number[]; count: number } {
  const dims = rawDims.map((d) => safeInteger(d));
  if (dims.some((d) => d === null || d < 0)) throw new OnnxFormatError(initializerAt(name), `dims [${rawDims.map(String).join(', ')}] must be non-negative integers`);
  const checked = dims as number[];
  if (checked.includes(0)) return { dims: checked, count: 0 };
  let count = 1;
  for (const d of checked) {
    count *= d;
    if (count * elementBytes > limit) throw new OnnxFormatError(initializerAt(name), `dims [${checked.join(', ')}] declare more data than the ${limit}-byte file holds`);
  }
  return { dims: checked, count };
}

function checkInitializer(tensor: OnnxTypes.ITensorProto, fileBytes: number): Initializer {
  const name = tensor.name ?? '';
  if (name === '') throw new OnnxFormatError('initializer (unnamed)', 'has no name');
  const dataType = tensor.dataType ?? 0;
  const elementBytes = ELEMENT_BYTES[dataType];
  if (elementBytes === undefined) throw new OnnxFormatError(initializerAt(name), `data_type ${dataType} is not supported (float32, int32 or int64)`);
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) throw new OnnxFormatError(initializerAt(name), 'is stored in an external file; only self-contained models are read');
  const { dims, count } = checkedDims(name, tensor.dims ?? [], elementBytes, fileBytes);
  const raw = tensor.rawData?.length ?? 0;
  const typed = dataType === DATA_TYPE.float ? tensor.floatData?.length : dataType === DATA_TYPE.int32 ? tensor.int32Data?.length : tensor.int64Data?.length;
  if (raw > 0 ? raw !== count * elementBytes : (typed ?? 0) !== count) {
    const held = raw > 0 ? `${raw} bytes of raw_data` : `${typed ?? 0} values`;
    throw new OnnxFormatError(initializerAt(name), `dims [${dims.join(', ')}] need ${count} ${DATA_TYPE_NAMES[dataType]} values, but it holds ${held}`);
  }
  return { name, dims, dataType, proto: tensor };
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
    nodes.push(node);
    if ((proto.domain ?? '') !== '' && proto.domain !== 'ai.onnx') throw new UnsupportedModelError('onnx', nodeLocation(node), `is in domain '${proto.domain}'; only standard ONNX ops are imported`);
    const unknown = node.input.find((name) => name !== '' && !defined.has(name));
    if (unknown !== undefined) throw new OnnxFormatError(nodeLocation(node), `reads '${unknown}', which no graph input, initializer or earlier node provides`);
    for (const name of node.output) {
      if (name === '') continue;
      if (defined.has(name)) throw new OnnxFormatError(nodeLocation(node), `writes '${name}', which is already defined`);
      defined.add(name);
    }
  }
  const outputs = (graph.output ?? []).map((v) => v.name ?? '');
  const missing = outputs.find((name) => !defined.has(name));
  if (missing !== undefined) throw new OnnxFormatError(`graph output '${missing}'`, 'is not produced by any node, input or initializer');
  const metadata = new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  return { opset, nodes, initializers, inputs, outputs, metadata };
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
  const raw = tensor.proto.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return { dims: tensor.dims, data: Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true)) };
  }
  return { dims: tensor.dims, data: Float32Array.from(tensor.proto.floatData ?? []) };
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
