/** Writing tensors as safetensors bytes. */
import { ArgumentError, type Tensor } from '@rnn/tensor';
import { FORMAT_OF_DTYPE } from './element-formats.js';

const utf8 = new TextEncoder();

/**
 * Serialises tensors, in the order given, with optional string metadata, as the reference
 * implementation lays them out: the header padded with spaces to a multiple of 8 bytes so the
 * data section is aligned, then each tensor's little-endian bytes back to back. Async because
 * reading a tensor is (`await t.data()` works on every backend).
 */
export async function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<Uint8Array> {
  const names = Object.keys(tensors);
  if (names.includes('__metadata__')) {
    throw new ArgumentError('encodeSafetensors', 'tensors', "has a tensor named '__metadata__', a key the format reserves for metadata");
  }
  const values = names.map((name) => tensors[name]!);
  const data = await Promise.all(values.map((t) => t.data()));
  let dataLength = 0;
  const layout = values.map((t) => {
    const format = FORMAT_OF_DTYPE[t.dtype];
    const begin = dataLength;
    dataLength += t.size * format.itemSize;
    return { format, entry: { dtype: format.name, shape: t.shape, data_offsets: [begin, dataLength] } };
  });
  const entries = names.map((name, i) => [name, layout[i]!.entry] as const);
  const header = utf8.encode(JSON.stringify(Object.fromEntries(metadata === undefined ? entries : [['__metadata__', metadata], ...entries])));
  const headerLength = Math.ceil(header.length / 8) * 8;
  const dataStart = 8 + headerLength;
  const bytes = new Uint8Array(dataStart + dataLength);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(header, 8);
  bytes.fill(0x20, 8 + header.length, dataStart);
  layout.forEach(({ format, entry }, i) => {
    format.write(data[i]!, view, dataStart + entry.data_offsets[0]!);
  });
  return bytes;
}
