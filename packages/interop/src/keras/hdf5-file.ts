/**
 * A read-only view of an HDF5 file through jsfive that never lets jsfive's own failures (often
 * thrown strings) escape: each becomes a {@link KerasFormatError} naming the HDF5 path. Datasets
 * are described (shape, dtype) before any value is read, so a caller can refuse a declared
 * shape without allocating it.
 */
import * as hdf5 from 'jsfive';
import { KerasFormatError } from '../errors.js';
import { oversizedAttribute } from './attribute-guard.js';

/** The float types Keras stores weights in, as jsfive spells them (byte order, kind, bytes). */
const FLOAT_DTYPES: Readonly<Record<string, number>> = { '<f4': 4, '>f4': 4, '<f8': 8, '>f8': 8 };

/** HDF5 files start with this signature (a user block could move it; Keras writes none). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** A float dataset whose shape and dtype are known and whose data can fit in the file. */
export interface FloatDataset {
  readonly path: string;
  readonly shape: readonly number[];
}

/** True when `bytes` starts with the HDF5 signature. */
export function isHdf5(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

export class Hdf5File {
  readonly #file: hdf5.File;
  readonly #view: DataView;
  /** Prefixed to every path in errors (e.g. 'model.weights.h5'), or ''. */
  readonly #name: string;

  private constructor(file: hdf5.File, view: DataView, name: string) {
    this.#file = file;
    this.#view = view;
    this.#name = name;
  }

  /** Opens `bytes` (copied: jsfive wants an ArrayBuffer of its own). `name` prefixes error locations. */
  static open(bytes: Uint8Array, name = ''): Hdf5File {
    if (!isHdf5(bytes)) throw new KerasFormatError(name || 'file', 'is not an HDF5 file (no HDF5 signature at byte 0)');
    const buffer = bytes.slice().buffer;
    try {
      return new Hdf5File(new hdf5.File(buffer, name), new DataView(buffer), name);
    } catch (cause) {
      throw new KerasFormatError(name || 'file', `unreadable HDF5 superblock or root group: ${describe(cause)}`, { cause });
    }
  }

  /** The file's size in bytes: no dataset can hold more data than this. */
  get byteLength(): number {
    return this.#view.byteLength;
  }

  /** Whether `path` names a group. */
  isGroup(path: string): boolean {
    return this.#node(path, { optional: true }) instanceof hdf5.Group;
  }

  /** The names of the group's members. */
  keys(path: string): string[] {
    const node = this.#node(path);
    if (!(node instanceof hdf5.Group)) throw new KerasFormatError(this.#where(path), 'is a dataset, expected a group');
    return this.#guard(path, () => node.keys);
  }

  /** The names of the attributes of the group or dataset at `path`. */
  attributeNames(path: string): string[] {
    return Object.keys(this.#attributes(path));
  }

  /**
   * An attribute as text: a string, or bytes Keras encoded as UTF-8 (h5py gives either); null
   * when absent. Fixed-length strings lose their NUL padding.
   */
  text(path: string, name: string): string | null {
    const value = this.#attributes(path)[name];
    if (value === undefined) return null;
    if (typeof value !== 'string') throw new KerasFormatError(`${this.#where(path)}@${name}`, `must be a string, got ${typeName(value)}`);
    return stripPadding(value);
  }

  /**
   * An attribute as a list of strings (Keras's `layer_names`, `weight_names`), or null when
   * absent. An empty numeric array (what Keras writes for a layer without weights) is [].
   */
  texts(path: string, name: string): string[] | null {
    const value = this.#attributes(path)[name];
    if (value === undefined) return null;
    if (!Array.isArray(value)) throw new KerasFormatError(`${this.#where(path)}@${name}`, `must be an array of strings, got ${typeName(value)}`);
    return value.map((item: unknown, i) => {
      if (typeof item !== 'string') throw new KerasFormatError(`${this.#where(path)}@${name}[${i}]`, `must be a string, got ${typeName(item)}`);
      return stripPadding(item);
    });
  }

  /**
   * The dataset at `path`, checked to be float32/float64 and to hold exactly `expected` (named
   * `role` in errors) and to fit in the file — all before any value is read.
   */
  floatDataset(path: string, expected: readonly number[], role: string): FloatDataset {
    const node = this.#node(path);
    if (!(node instanceof hdf5.Dataset)) throw new KerasFormatError(this.#where(path), `is a group, expected the ${role} dataset`);
    const [shape, dtype] = this.#guard(path, () => [node.shape, node.dtype] as const);
    const bytes = typeof dtype === 'string' ? FLOAT_DTYPES[dtype] : undefined;
    if (bytes === undefined) throw new KerasFormatError(this.#where(path), `${role} must be float32 or float64, got dtype ${JSON.stringify(dtype)}`);
    const shown = `[${Array.isArray(shape) ? shape.join(', ') : String(shape)}]`;
    if (!Array.isArray(shape) || shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
      throw new KerasFormatError(this.#where(path), `${role} has shape ${shown}, expected [${expected.join(', ')}]`);
    }
    const size = expected.reduce((a, b) => a * b, 1);
    if (size * bytes > this.byteLength) {
      throw new KerasFormatError(this.#where(path), `${role} ${shown} declares ${size * bytes} bytes of data, more than the whole file (${this.byteLength} bytes)`);
    }
    return { path, shape: expected };
  }

  /** The first dimension `path` declares (reading no data), or null when it is not a dataset. */
  leadingDimension(path: string): number | null {
    const node = this.#node(path, { optional: true });
    if (!(node instanceof hdf5.Dataset)) return null;
    const shape = this.#guard(path, () => node.shape);
    const first = shape[0];
    return typeof first === 'number' && Number.isSafeInteger(first) && first > 0 ? first : null;
  }

  /** The values of a dataset checked by {@link floatDataset}, as float64, row-major. */
  readFloats({ path, shape }: FloatDataset): Float64Array {
    const node = this.#node(path);
    if (!(node instanceof hdf5.Dataset)) throw new KerasFormatError(this.#where(path), 'is not a dataset');
    const values: unknown = this.#guard(path, () => node.value);
    const size = shape.reduce((a, b) => a * b, 1);
    // jsfive returns a plain array, or something else when the layout message is garbled.
    if (!Array.isArray(values)) throw new KerasFormatError(this.#where(path), 'has no readable data');
    if (values.length !== size) throw new KerasFormatError(this.#where(path), `holds ${values.length} values, expected ${size}`);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const v: unknown = values[i];
      if (typeof v !== 'number') throw new KerasFormatError(this.#where(path), `element ${i} is not a number`);
      out[i] = v;
    }
    return out;
  }

  #attributes(path: string): Record<string, unknown> {
    const node = this.#node(path);
    const problem = this.#guard(path, () => oversizedAttribute(node._dataobjects.msgs, this.#view));
    if (problem !== null) throw new KerasFormatError(this.#where(path), problem);
    return this.#guard(path, () => node.attrs);
  }

  #node(path: string): hdf5.Group | hdf5.Dataset;
  #node(path: string, options: { optional: true }): hdf5.Group | hdf5.Dataset | null;
  #node(path: string, { optional = false } = {}): hdf5.Group | hdf5.Dataset | null {
    const found = path === '' ? this.#file : this.#walk(path);
    if (found === null && !optional) throw new KerasFormatError(this.#where(path), 'is missing');
    return found;
  }

  /** Follows `path` one member at a time, so a missing member is null, not a jsfive error. */
  #walk(path: string): hdf5.Group | hdf5.Dataset | null {
    let node: hdf5.Group | hdf5.Dataset = this.#file;
    for (const part of path.split('/')) {
      if (!(node instanceof hdf5.Group)) return null;
      const group: hdf5.Group = node;
      if (!this.#guard(path, () => group.keys).includes(part)) return null;
      const next = this.#guard(path, () => group.get(part));
      if (next === null) return null;
      node = next;
    }
    return node;
  }

  #guard<T>(path: string, read: () => T): T {
    try {
      return read();
    } catch (cause) {
      if (cause instanceof KerasFormatError) throw cause;
      throw new KerasFormatError(this.#where(path), `unreadable HDF5 structure: ${describe(cause)}`, { cause });
    }
  }

  #where(path: string): string {
    if (this.#name === '') return path || '/';
    return path === '' ? this.#name : `${this.#name}/${path}`;
  }
}

/** jsfive throws strings as often as Errors. */
function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : typeName(cause);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Fixed-length HDF5 strings come back with their NUL padding. */
function stripPadding(text: string): string {
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}
