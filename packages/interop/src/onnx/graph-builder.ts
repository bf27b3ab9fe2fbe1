/**
 * `GraphBuilder`: collects the nodes and initializers of one ONNX graph as the exporters emit
 * them, hands out unique value names and shares small constants (axes, shapes) between nodes.
 */
import { DATA_TYPE, onnx, type OnnxTypes } from './proto.js';

/** An attribute value, tagged so an integer 1 and a float 1.0 stay what they are. */
export type AttributeValue = { readonly int: number } | { readonly float: number } | { readonly string: string } | { readonly ints: readonly number[] } | { readonly strings: readonly string[] };

const { AttributeType } = onnx.AttributeProto;

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('string' in value) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  return { name, type: AttributeType.STRINGS, strings: value.strings.map((s) => new TextEncoder().encode(s)) };
}

/** `data` as little-endian bytes, ONNX's raw_data byte order whatever the host's. */
function littleEndianFloats(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return bytes;
}

export class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  readonly #taken = new Set<string>();
  readonly #constants = new Map<string, string>();

  /** `base`, or `base_2`, `base_3`, … : a value or node name not handed out before. */
  uniqueName(base: string): string {
    let name = base;
    for (let k = 2; this.#taken.has(name); k++) name = `${base}_${k}`;
    this.#taken.add(name);
    return name;
  }

  /** Reserves a name the graph must use as it is (`input`, `sequence_lens`). */
  reserve(name: string): string {
    this.#taken.add(name);
    return name;
  }

  /**
   * Appends a node and returns the names of its outputs, one per entry of `outputs` (each a
   * base name made unique). An empty string in `inputs` is ONNX's "optional input left out".
   */
  node(opType: string, name: string, inputs: readonly string[], outputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}): string[] {
    const outputNames = outputs.map((o) => this.uniqueName(o));
    // Trailing left-out inputs are dropped: some schemas (RNN-7) cap the input count below the longest list.
    const used = [...inputs];
    while (used.length > 0 && used[used.length - 1] === '') used.pop();
    this.nodes.push({
      name: this.uniqueName(name),
      opType,
      input: used,
      output: outputNames,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputNames;
  }

  /** Adds a float32 initializer (stored as raw_data) and returns its name. */
  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.uniqueName(name);
    this.initializers.push({ name: unique, dims: [...dims], dataType: DATA_TYPE.float, rawData: littleEndianFloats(data) });
    return unique;
  }

  /** A shared int64 constant (axes, shapes, perms given as inputs), one initializer per distinct value. */
  int64s(values: readonly number[]): string {
    const key = `int64:${values.join(',')}`;
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = this.uniqueName(`const_${values.map((v) => (v < 0 ? `m${-v}` : String(v))).join('_')}`);
    this.initializers.push({ name, dims: [values.length], dataType: DATA_TYPE.int64, int64Data: [...values] });
    this.#constants.set(key, name);
    return name;
  }

  /** A shared int32 scalar constant (OneHot's depth). */
  int32Scalar(value: number): string {
    const key = `int32:${value}`;
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = this.uniqueName(`const_int32_${value}`);
    this.initializers.push({ name, dims: [], dataType: DATA_TYPE.int32, int32Data: [value] });
    this.#constants.set(key, name);
    return name;
  }

  /** A shared float32 constant of the given values and dims (OneHot's off/on values, ave's 2). */
  floatConstant(values: readonly number[], dims: readonly number[]): string {
    const key = `float:${dims.join('x')}:${values.join(',')}`;
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = this.floats(`const_float_${values.join('_').replace(/[^0-9_]/g, 'p')}`, dims, Float32Array.from(values));
    this.#constants.set(key, name);
    return name;
  }

  /** Renames value `from` to `to` wherever a node produces or reads it (the graph output names). */
  renameValue(from: string, to: string): void {
    for (const node of this.nodes) {
      node.input = (node.input ?? []).map((n) => (n === from ? to : n));
      node.output = (node.output ?? []).map((n) => (n === from ? to : n));
    }
  }
}
