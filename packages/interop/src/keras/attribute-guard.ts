/**
 * Attribute sizes checked before jsfive decodes them. jsfive reads every attribute of an object
 * at once and loops once per declared element; a fixed-length string of a zero-byte type, or
 * any string read past the end of the buffer (which its `slice` silently clamps instead of
 * failing), keeps it looping for up to 2^64 declared elements: a hang, not an error. Here each
 * attribute message's declared element count times its element stride must fit in the file, as
 * real data must, and that bounds jsfive's loop by the file size.
 *
 * Layouts from the HDF5 file format spec, §IV.A.2.m (attribute message, versions 1 and 3),
 * §IV.A.2.d (datatype) and §IV.A.2.b (dataspace, versions 1 and 2), as jsfive 0.4.2 reads them.
 */
import type { HeaderMessage } from 'jsfive';

const ATTRIBUTE_MESSAGE = 0x000c;
const VARIABLE_LENGTH_CLASS = 9;
const REFERENCE_CLASS = 7;
/** jsfive steps 16 bytes per variable-length element (length, heap address, index). */
const VARIABLE_LENGTH_STRIDE = 16;
const REFERENCE_STRIDE = 8;

/**
 * The first attribute of `messages` whose declared data cannot fit in `view`, described for an
 * error message, or null when all fit. Never throws: an unreadable header is reported too.
 */
export function oversizedAttribute(messages: readonly HeaderMessage[], view: DataView): string | null {
  for (const message of messages) {
    if (message.get('type') !== ATTRIBUTE_MESSAGE) continue;
    const problem = attributeProblem(view, message.get('offset_to_message'));
    if (problem !== null) return problem;
  }
  return null;
}

function attributeProblem(view: DataView, offset: number): string | null {
  const fits = (at: number, bytes: number): boolean => Number.isSafeInteger(at) && at >= 0 && at + bytes <= view.byteLength;
  if (!fits(offset, 9)) return `an attribute message at byte ${offset} runs past the end of the file`;
  const version = view.getUint8(offset);
  if (version !== 1 && version !== 3) return null; // jsfive refuses other versions itself, with an error
  const nameSize = view.getUint16(offset + 2, true);
  const datatypeSize = view.getUint16(offset + 4, true);
  const pad = (n: number): number => (version === 1 ? Math.ceil(n / 8) * 8 : n);
  const datatype = offset + (version === 1 ? 8 : 9) + pad(nameSize);
  const dataspace = datatype + pad(datatypeSize);
  if (!fits(datatype, 8) || !fits(dataspace, 8)) return `an attribute at byte ${offset} declares a header past the end of the file`;
  const typeClass = view.getUint8(datatype) & 0x0f;
  const elementSize = view.getUint32(datatype + 4, true);
  const stride = typeClass === VARIABLE_LENGTH_CLASS ? VARIABLE_LENGTH_STRIDE : typeClass === REFERENCE_CLASS ? REFERENCE_STRIDE : elementSize;
  const spaceVersion = view.getUint8(dataspace);
  const rank = view.getUint8(dataspace + 1);
  const dims = dataspace + (spaceVersion === 1 ? 8 : 4);
  if (!fits(dims, 8 * rank)) return `an attribute at byte ${offset} declares ${rank} dimensions past the end of the file`;
  let count = 1;
  for (let d = 0; d < rank; d++) {
    // Two 32-bit halves: a 64-bit size above 2^53 is already far too large.
    count *= view.getUint32(dims + 8 * d, true) + view.getUint32(dims + 8 * d + 4, true) * 2 ** 32;
  }
  // A zero-byte element still costs jsfive one loop turn.
  if (count * Math.max(stride, 1) > view.byteLength) {
    return `an attribute at byte ${offset} declares ${count} elements of ${stride} bytes, more than the file's ${view.byteLength} bytes`;
  }
  return null;
}
