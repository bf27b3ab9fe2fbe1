/**
 * Reading and validating a safetensors header: the 8-byte little-endian length, the JSON, and
 * every entry's dtype, shape and byte range, all checked against the file's real length before
 * anything is allocated from a declared size.
 */
import { SafetensorsError } from '../errors.js';
import { isJsonObject, type JsonValue } from '../json.js';
import { parseJsonBytes } from './json-bytes.js';
import { ELEMENT_FORMATS, type ElementFormat } from './element-formats.js';

/** One tensor's description; `begin`/`end` are byte offsets into the data section. */
export interface TensorEntry {
  readonly name: string;
  readonly format: ElementFormat;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly entries: readonly TensorEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  /** Where the data section starts in the file (8 + the header length). */
  readonly dataStart: number;
}

const LENGTH_BYTES = 8;
/** The reference implementation's limit (MAX_HEADER_SIZE); a larger header is not a model file. */
const MAX_HEADER_BYTES = 100_000_000;
const ENTRY_FIELDS = new Set(['dtype', 'shape', 'data_offsets']);

/** A value for an error message, cut short: hostile headers may hold megabytes of it. */
const show = (value: JsonValue | undefined): string => {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const isCount = (value: JsonValue | undefined): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function readHeader(bytes: Uint8Array): SafetensorsHeader {
  if (bytes.length < LENGTH_BYTES) {
    throw new SafetensorsError(`the file is ${bytes.length} bytes, too short for the 8-byte header length`, { offset: 0 });
  }
  // A u64: read it exactly, and compare before converting, so no declared size is ever trusted.
  const declared = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_BYTES).getBigUint64(0, true);
  if (declared > BigInt(bytes.length - LENGTH_BYTES)) {
    throw new SafetensorsError(`the header length ${declared} runs past the end of the file (${bytes.length} bytes)`, { offset: 0 });
  }
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(`the header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit`, { offset: 0 });
  }
  const dataStart = LENGTH_BYTES + Number(declared);
  const header = parseJsonBytes(bytes, LENGTH_BYTES, dataStart);
  if (!isJsonObject(header)) throw new SafetensorsError('the header must be a JSON object', { offset: LENGTH_BYTES });
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = readMetadata(value);
    else entries.push(readEntry(name, value, dataLength));
  }
  checkLayout(entries, dataStart, dataLength);
  return { entries, metadata, dataStart };
}

function readMetadata(value: JsonValue): Record<string, string> {
  if (!isJsonObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new SafetensorsError('__metadata__ must be an object of strings', { offset: LENGTH_BYTES });
  }
  return value as Record<string, string>;
}

function readEntry(name: string, value: JsonValue, dataLength: number): TensorEntry {
  const fail = (detail: string): never => {
    throw new SafetensorsError(detail, { tensor: name });
  };
  if (!isJsonObject(value)) return fail(`the entry must be an object { dtype, shape, data_offsets }, got ${show(value)}`);
  const unknown = Object.keys(value).find((key) => !ENTRY_FIELDS.has(key));
  if (unknown !== undefined) fail(`unknown field '${unknown}' (an entry has dtype, shape and data_offsets)`);
  const { dtype, shape, data_offsets: offsets } = value;

  const format = typeof dtype === 'string' && Object.hasOwn(ELEMENT_FORMATS, dtype) ? ELEMENT_FORMATS[dtype as keyof typeof ELEMENT_FORMATS] : undefined;
  if (format === undefined) return fail(`unsupported dtype ${show(dtype)} (supported: ${Object.keys(ELEMENT_FORMATS).join(', ')})`);

  if (!Array.isArray(shape) || !shape.every(isCount)) return fail(`shape must be an array of non-negative integers, got ${show(shape)}`);
  const byteSize = byteSizeOf(shape, format.itemSize, dataLength);
  if (byteSize === null) return fail(`shape ${show(shape)} of ${format.name} needs more than the ${dataLength} bytes of data in the file`);

  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(`data_offsets must be [begin, end] with non-negative integers, got ${show(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) fail(`data_offsets [${begin}, ${end}] run past the ${dataLength} bytes of data`);
  if (end - begin !== byteSize) fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes but ${format.name} ${show(shape)} needs ${byteSize}`);
  return { name, format, shape, begin, end };
}

/** Bytes of a tensor, or null when more than `limit` (checked as it multiplies: no overflow). */
function byteSizeOf(shape: readonly number[], itemSize: number, limit: number): number | null {
  if (shape.includes(0)) return 0;
  let bytes = itemSize;
  for (const dim of shape) {
    bytes *= dim;
    if (bytes > limit) return null;
  }
  return bytes;
}

/**
 * The tensors must tile the data section exactly, as the reference implementation requires:
 * no overlaps (two tensors aliasing bytes), no gaps, and no trailing bytes after the last
 * tensor (a truncated or appended-to file is refused rather than half-trusted).
 */
function checkLayout(entries: readonly TensorEntry[], dataStart: number, dataLength: number): void {
  const byPosition = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  byPosition.forEach((entry, i) => {
    const location = { tensor: entry.name, offset: dataStart + entry.begin };
    if (entry.begin < expected) throw new SafetensorsError(`its data overlaps tensor '${byPosition[i - 1]!.name}'`, location);
    if (entry.begin > expected) throw new SafetensorsError(`${entry.begin - expected} unused bytes before its data`, location);
    expected = entry.end;
  });
  if (expected !== dataLength) {
    throw new SafetensorsError(`${dataLength - expected} bytes of trailing data after the last tensor`, { offset: dataStart + expected });
  }
}
