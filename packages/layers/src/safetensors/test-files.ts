/** Builds safetensors files by hand, valid or hostile, for the tests. */

/**
 * `8-byte length ‖ header ‖ data`. The header is JSON text (or a value to stringify);
 * `declaredLength` overrides the length field to lie about it.
 */
export function safetensorsFile(header: string | object, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** The header JSON text of a well-formed file. */
export function headerText(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + length));
}

/** The data section of a well-formed file. */
export function dataSection(bytes: Uint8Array): Uint8Array {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return bytes.slice(8 + length);
}
