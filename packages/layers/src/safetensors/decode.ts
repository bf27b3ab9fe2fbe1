/** Reading tensors from safetensors bytes. */
import { fromArray, type Backend, type Tensor } from '@rnn/tensor';
import { SafetensorsError } from '../errors.js';
import { readHeader } from './header.js';

export interface DecodeSafetensorsOptions {
  /** Where the tensors are created (default: the current backend). */
  readonly backend?: Backend;
}

export interface DecodedSafetensors {
  readonly tensors: Record<string, Tensor>;
  /** The header's `__metadata__` (empty when absent). */
  readonly metadata: Record<string, string>;
}

/**
 * Reads a safetensors file (Hugging Face's format). Every structural problem — a header length
 * past the end, invalid or duplicate-keyed JSON, an unsupported dtype, a bad shape, offsets
 * that overlap, leave gaps, do not match dtype × shape, or leave trailing bytes, an I64 value
 * outside int32 — throws a
 * {@link SafetensorsError} with the byte offset or tensor name, before any tensor is created.
 * F16 and BF16 tensors are read as float32, I64 as int32. The bytes are copied; the caller may
 * reuse them.
 */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeSafetensorsOptions = {}): DecodedSafetensors {
  const { entries, metadata, dataStart } = readHeader(bytes);
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, bytes.length - dataStart);
  const values = entries.map((entry) => {
    const { format } = entry;
    const count = (entry.end - entry.begin) / format.itemSize;
    const bad = format.invalid?.(data, entry.begin, count) ?? null;
    if (bad !== null) throw new SafetensorsError(bad.detail, { tensor: entry.name, offset: dataStart + entry.begin + bad.index * format.itemSize });
    return format.read(data, entry.begin, count);
  });
  const tensors = Object.fromEntries(
    entries.map((entry, i) => [entry.name, fromArray(values[i]!, { shape: entry.shape, dtype: entry.format.dtype, backend: options.backend })]),
  );
  return { tensors, metadata };
}
