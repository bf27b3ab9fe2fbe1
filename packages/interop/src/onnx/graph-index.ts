/**
 * `GraphIndex`: who reads and who writes each value, and typed attribute reads, for the
 * importer's walk along the graph's one data path. Errors name the node concerned.
 */
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { integerInitializer, nodeLocation, type OnnxFile, type OnnxNode } from './onnx-file.js';
import { onnx, safeInteger, type OnnxTypes } from './proto.js';
import { shapeComputations } from './zero-states.js';

const RECURRENT_OPS = new Set(['RNN', 'LSTM', 'GRU']);
const { AttributeType } = onnx.AttributeProto;

export const isRecurrentOp = (node: OnnxNode): boolean => RECURRENT_OPS.has(node.opType);

export class GraphIndex {
  readonly file: OnnxFile;
  readonly #readers = new Map<string, OnnxNode[]>();
  readonly #producers = new Map<string, OnnxNode>();
  /** Shape arithmetic beside the data path (zero-states.ts): neither walked nor dropped. */
  readonly #shapeComputations: ReadonlySet<OnnxNode>;
  /** The nodes the walk has passed: whatever is left over is a part of the graph it would drop. */
  readonly visited = new Set<OnnxNode>();

  constructor(file: OnnxFile) {
    this.file = file;
    for (const node of file.nodes) {
      for (const name of node.input) if (name !== '') this.#readers.set(name, [...(this.#readers.get(name) ?? []), node]);
      for (const name of node.output) if (name !== '') this.#producers.set(name, node);
    }
    this.#shapeComputations = shapeComputations(file.nodes, (value) => this.#readers.get(value) ?? [], (value) => this.isGraphOutput(value));
  }

  /** The node that writes `value`, or null for graph inputs and initializers. */
  producer(value: string): OnnxNode | null {
    return this.#producers.get(value) ?? null;
  }

  /** Whether the walk passes `node` by: a state Concat or shape arithmetic. */
  #offPath(node: OnnxNode): boolean {
    return this.#shapeComputations.has(node) || this.#isStateConcat(node);
  }

  /**
   * The one node that carries `value` on along the data path, or null at its end. The Concat
   * that gathers the recurrent nodes' final states into `state_h`/`state_c` (torch: `h_n`,
   * `c_n`) is a side branch, and so is torch's Shape of the input that sizes its zero states.
   * A value read by several nodes is a graph this importer cannot rebuild as a chain.
   */
  next(value: string): OnnxNode | null {
    const readers = (this.#readers.get(value) ?? []).filter((node) => !this.#offPath(node));
    if (readers.length > 1) {
      throw new UnsupportedModelError('onnx', `value '${value}'`, `is read by ${readers.map(nodeLocation).join(', ')}; only a chain of layers is imported`);
    }
    const reader = readers[0] ?? null;
    if (reader !== null) this.visited.add(reader);
    return reader;
  }

  /** Nodes the walk never reached, other than those it passes by. */
  unvisited(): OnnxNode[] {
    return this.file.nodes.filter((node) => !this.visited.has(node) && !this.#offPath(node));
  }

  /** True for a Concat of recurrent nodes' Y_h or Y_c outputs: the state outputs of our exporter and torch's. */
  #isStateConcat(node: OnnxNode): boolean {
    return (
      node.opType === 'Concat' &&
      node.input.length > 0 &&
      node.input.every((name) => {
        const producer = this.#producers.get(name);
        return producer !== undefined && isRecurrentOp(producer) && producer.output.indexOf(name) >= 1;
      })
    );
  }

  isGraphOutput(value: string): boolean {
    return this.file.outputs.includes(value);
  }

  #attribute(node: OnnxNode, name: string, type: OnnxTypes.AttributeProto.AttributeType, typeName: string): OnnxTypes.IAttributeProto | null {
    const found = node.attribute.find((a) => a.name === name);
    if (found === undefined) return null;
    if (found.type !== type) throw new OnnxFormatError(nodeLocation(node), `attribute '${name}' must be ${typeName}`);
    return found;
  }

  has(node: OnnxNode, name: string): boolean {
    return node.attribute.some((a) => a.name === name);
  }

  int(node: OnnxNode, name: string, fallback: number): number {
    const found = this.#attribute(node, name, AttributeType.INT, 'an int');
    if (found === null) return fallback;
    const value = safeInteger(found.i);
    if (value === null) throw new OnnxFormatError(nodeLocation(node), `attribute '${name}' is not a safe integer`);
    return value;
  }

  float(node: OnnxNode, name: string): number | null {
    return this.#attribute(node, name, AttributeType.FLOAT, 'a float')?.f ?? null;
  }

  ints(node: OnnxNode, name: string): number[] | null {
    const found = this.#attribute(node, name, AttributeType.INTS, 'a list of ints');
    if (found === null) return null;
    const values = (found.ints ?? []).map((v) => safeInteger(v));
    if (values.some((v) => v === null)) throw new OnnxFormatError(nodeLocation(node), `attribute '${name}' holds a value that is not a safe integer`);
    return values as number[];
  }

  string(node: OnnxNode, name: string): string | null {
    const found = this.#attribute(node, name, AttributeType.STRING, 'a string');
    return found === null ? null : new TextDecoder().decode(found.s ?? new Uint8Array());
  }

  strings(node: OnnxNode, name: string): string[] | null {
    const found = this.#attribute(node, name, AttributeType.STRINGS, 'a list of strings');
    return found === null ? null : (found.strings ?? []).map((s) => new TextDecoder().decode(s));
  }

  /** Squeeze/Unsqueeze axes: the `axes` input (opset 13+) or attribute (before). */
  axes(node: OnnxNode): number[] | null {
    const input = node.input[1];
    return input !== undefined && input !== '' ? integerInitializer(this.file, input) : this.ints(node, 'axes');
  }

  /** Refuses a node that is not exactly `opType` with these checks passing, naming what was expected. */
  expect(node: OnnxNode | null, opType: string, holds: (node: OnnxNode) => boolean, what: string): OnnxNode {
    if (node === null || node.opType !== opType || !holds(node)) {
      throw new UnsupportedModelError('onnx', node === null ? 'graph' : nodeLocation(node), `expected ${what}`);
    }
    return node;
  }
}

/** Whether two integer lists are equal. */
export const sameInts = (a: readonly number[] | null, b: readonly number[]): boolean => a !== null && a.length === b.length && a.every((v, i) => v === b[i]);
