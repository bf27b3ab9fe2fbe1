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
 * that overlap, leave gaps, do not match dtype × shape, or leave trailing bytes — throws a
 * {@link SafetensorsError} with the byte offset or tensor name, before any tensor is created.
 * The bytes are copied; the caller may reuse them.
 */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeSafetensorsOptions = {}): DecodedSafetensors {
  const { entries, metadata, dataStart } = readHeader(bytes);
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, bytes.length - dataStart);
  const values = entries.map((entry) => {
    const count = (entry.end - entry.begin) / entry.format.itemSize;
    const elements = entry.format.read(data, entry.begin, count);
    if (entry.format.dtype === 'bool') {
      const bad = elements.findIndex((v) => v > 1);
      if (bad >= 0) {
        throw new SafetensorsError(`BOOL element ${bad} is ${elements[bad]}, not 0 or 1`, { tensor: entry.name, offset: dataStart + entry.begin + bad });
      }
    }
    return elements;
  });
  const tensors = Object.fromEntries(
    entries.map((entry, i) => [entry.name, fromArray(values[i]!, { shape: entry.shape, dtype: entry.format.dtype, backend: options.backend })]),
  );
  return { tensors, metadata };
}
