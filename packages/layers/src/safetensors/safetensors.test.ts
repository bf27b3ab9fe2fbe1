import { ArgumentError, createCpuBackend, fromArray, scalar, setBackend, zeros, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafetensorsError } from '../errors.js';
import { decodeSafetensors } from './decode.js';
import { encodeSafetensors } from './encode.js';
import { safetensorsFile } from './test-files.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/**
 * Written by the reference implementation (Python `safetensors` 0.8.0, `safetensors.numpy.save`)
 * from weight F32 [[1.5, -2, 0.25], [3, 4, -0.125]], bias F64 [0.1, 0.2], ids I32
 * [7, -3, 2147483647], mask BOOL [[true, false]], scalar F32 2.5, empty F32 [0, 3], and metadata
 * { format: 'pt', note: 'héllo' }.
 */
const REFERENCE_FILE = Uint8Array.from(
  atob(
    'mAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCIsIm5vdGUiOiJow6lsbG8ifSwiYmlhcyI6eyJkdHlwZSI6IkY2NCIsInNoYXBlIjpbMl0sImRhdGFfb2Zmc2V0cyI6WzAsMTZdfSwiZW1wdHkiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzAsM10sImRhdGFfb2Zmc2V0cyI6WzE2LDE2XX0sInNjYWxhciI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbXSwiZGF0YV9vZmZzZXRzIjpbMTYsMjBdfSwid2VpZ2h0Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyLDNdLCJkYXRhX29mZnNldHMiOlsyMCw0NF19LCJpZHMiOnsiZHR5cGUiOiJJMzIiLCJzaGFwZSI6WzNdLCJkYXRhX29mZnNldHMiOls0NCw1Nl19LCJtYXNrIjp7ImR0eXBlIjoiQk9PTCIsInNoYXBlIjpbMSwyXSwiZGF0YV9vZmZzZXRzIjpbNTYsNThdfX0gICCamZmZmZm5P5qZmZmZmck/AAAgQAAAwD8AAADAAACAPgAAQEAAAIBAAAAAvgcAAAD9////////fwEA',
  ),
  (c) => c.charCodeAt(0),
);

/** The tensors of REFERENCE_FILE, in the order the reference implementation laid them out. */
function referenceTensors(): Record<string, Tensor> {
  return {
    bias: fromArray(new Float64Array([0.1, 0.2])),
    empty: zeros([0, 3]),
    scalar: scalar(2.5),
    weight: fromArray([[1.5, -2, 0.25], [3, 4, -0.125]]),
    ids: fromArray(new Int32Array([7, -3, 2147483647])),
    mask: fromArray([[true, false]]),
  };
}

/** The SafetensorsError that decoding `bytes` throws. */
function decodeError(bytes: Uint8Array): SafetensorsError {
  try {
    decodeSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    return e as SafetensorsError;
  }
  throw new Error('expected decodeSafetensors to throw');
}

const entry = (dtype: string, shape: number[], begin: number, end: number): object => ({ dtype, shape, data_offsets: [begin, end] });

describe('decodeSafetensors', () => {
  it('reads a file written by the reference implementation', () => {
    const { tensors, metadata } = decodeSafetensors(REFERENCE_FILE);
    expect(metadata).toEqual({ format: 'pt', note: 'héllo' });
    expect(Object.keys(tensors).sort()).toEqual(['bias', 'empty', 'ids', 'mask', 'scalar', 'weight']);
    expect(tensors.weight!.dtype).toBe('float32');
    expect(tensors.weight!.arraySync()).toEqual([[1.5, -2, 0.25], [3, 4, -0.125]]);
    expect(tensors.bias!.dtype).toBe('float64');
    expect(tensors.bias!.arraySync()).toEqual([0.1, 0.2]);
    expect(tensors.ids!.dtype).toBe('int32');
    expect(tensors.ids!.arraySync()).toEqual([7, -3, 2147483647]);
    expect(tensors.mask!.dtype).toBe('bool');
    expect(tensors.mask!.arraySync()).toEqual([[true, false]]);
    expect(tensors.scalar!.shape).toEqual([]);
    expect(tensors.scalar!.itemSync()).toBe(2.5);
    expect(tensors.empty!.shape).toEqual([0, 3]);
  });

  it('reads from a view into a larger buffer', () => {
    const padded = new Uint8Array(REFERENCE_FILE.length + 13);
    padded.set(REFERENCE_FILE, 5);
    const { tensors } = decodeSafetensors(padded.subarray(5, 5 + REFERENCE_FILE.length));
    expect(tensors.ids!.arraySync()).toEqual([7, -3, 2147483647]);
  });

  it('creates the tensors on the backend it is given', () => {
    const backend = createCpuBackend();
    const { tensors } = decodeSafetensors(REFERENCE_FILE, { backend });
    expect(Object.values(tensors).every((t) => t.backend === backend)).toBe(true);
  });

  it('reads F16 and BF16 (model.half(), model.bfloat16()) as float32 and I64 as int32', () => {
    // 1, -2, 0.5, 65504 (F16's largest), 2^-24 (its smallest subnormal), -0, Infinity, NaN.
    const half = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x7e00];
    // bfloat16 is a float32's top 16 bits: 1, -2, 3.140625, 1e38-ish.
    const bfloat = [0x3f80, 0xc000, 0x4049, 0x7e96];
    const int64 = [0n, -1n, 2n ** 31n - 1n, -(2n ** 31n)];
    const data = new Uint8Array(half.length * 2 + bfloat.length * 2 + int64.length * 8);
    const view = new DataView(data.buffer);
    half.forEach((h, i) => { view.setUint16(i * 2, h, true); });
    bfloat.forEach((b, i) => { view.setUint16(16 + i * 2, b, true); });
    int64.forEach((v, i) => { view.setBigInt64(24 + i * 8, v, true); });
    const { tensors } = decodeSafetensors(
      safetensorsFile({ h: entry('F16', [8], 0, 16), b: entry('BF16', [2, 2], 16, 24), i: entry('I64', [4], 24, 56) }, data),
    );
    expect(tensors.h!.dtype).toBe('float32');
    expect(Array.from(tensors.h!.dataSync())).toEqual([1, -2, 0.5, 65504, 2 ** -24, -0, Infinity, NaN]);
    expect(tensors.b!.shape).toEqual([2, 2]);
    expect(Array.from(tensors.b!.dataSync())).toEqual([1, -2, 3.140625, new Float32Array(new Uint32Array([0x7e960000]).buffer)[0]]);
    expect(tensors.i!.dtype).toBe('int32');
    expect(Array.from(tensors.i!.dataSync())).toEqual([0, -1, 2 ** 31 - 1, -(2 ** 31)]);
    for (const t of Object.values(tensors)) t.dispose();
  });

  it('reads an empty file: no tensors, no metadata', () => {
    expect(decodeSafetensors(safetensorsFile('{}'))).toEqual({ tensors: {}, metadata: {} });
  });
});

describe('encodeSafetensors', () => {
  it('writes the same bytes as the reference implementation', async () => {
    expect(await encodeSafetensors(referenceTensors(), { format: 'pt', note: 'héllo' })).toEqual(REFERENCE_FILE);
  });

  it('round-trips every dtype bit for bit, special values included', async () => {
    const tensors = {
      f32: fromArray(new Float32Array([-0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, Math.PI])),
      f64: fromArray(new Float64Array([Number.MIN_VALUE, -Number.MAX_VALUE, 1 / 3, -0])),
      i32: fromArray(new Int32Array([-2147483648, 0, 2147483647]), { shape: [3, 1] }),
      bool: fromArray([[true], [false], [true]]),
    };
    const { tensors: decoded, metadata } = decodeSafetensors(await encodeSafetensors(tensors));
    expect(metadata).toEqual({});
    for (const [name, t] of Object.entries(tensors)) {
      expect(decoded[name]!.dtype).toBe(t.dtype);
      expect(decoded[name]!.shape).toEqual(t.shape);
      expect(decoded[name]!.dataSync()).toEqual(t.dataSync());
    }
    expect(Object.is(decoded.f32!.dataSync()[0], -0)).toBe(true);
  });

  it('pads the header so the data section starts 8-byte aligned', async () => {
    const bytes = await encodeSafetensors({ a: fromArray([1]) });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
  });

  it("refuses a tensor named '__metadata__'", async () => {
    await expect(encodeSafetensors({ __metadata__: fromArray([1]) })).rejects.toThrow(ArgumentError);
  });
});

describe('decodeSafetensors on malformed files throws a SafetensorsError', () => {
  const f32 = (n: number): Uint8Array => new Uint8Array(4 * n);

  it('for a file shorter than the length field', () => {
    expect(decodeError(new Uint8Array(5))).toMatchObject({ offset: 0, message: expect.stringContaining('too short') as string });
  });

  it('for a header length past the end of the file, however absurd', () => {
    const valid = safetensorsFile('{}');
    for (const declared of [3n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
      expect(decodeError(safetensorsFile('{}', new Uint8Array(0), declared))).toMatchObject({ offset: 0 });
    }
    expect(decodeError(safetensorsFile('{}', new Uint8Array(0), 2n ** 64n - 1n)).message).toContain(
      `the header length 18446744073709551615 runs past the end of the file (${valid.length} bytes)`,
    );
  });

  it("for a header over the reference implementation's 100 MB limit, without parsing it", () => {
    const huge = new Uint8Array(8 + 100_000_001);
    new DataView(huge.buffer).setBigUint64(0, 100_000_001n, true);
    expect(decodeError(huge)).toMatchObject({ offset: 0, message: expect.stringContaining('exceeds the 100000000-byte limit') as string });
  });

  it('for a header that is not JSON, with the offset of the bad byte', () => {
    expect(decodeError(safetensorsFile('{"a": @}'))).toMatchObject({ offset: 8 + 6, message: expect.stringContaining('unexpected byte 0x40') as string });
    expect(decodeError(safetensorsFile('{"a": 1,}')).offset).toBe(8 + 8);
    expect(decodeError(safetensorsFile('{"a": "unterminated')).message).toContain('unterminated string');
    expect(decodeError(safetensorsFile(''))).toMatchObject({ offset: 8 });
  });

  it('for a header that is not an object', () => {
    expect(decodeError(safetensorsFile('[]'))).toMatchObject({ offset: 8, message: expect.stringContaining('must be a JSON object') as string });
    expect(decodeError(safetensorsFile('{"a": '.repeat(1) + '{"b": {}}}'))).toMatchObject({ tensor: 'a' });
  });

  it('for nesting deep enough to exhaust a recursive parser', () => {
    expect(decodeError(safetensorsFile('['.repeat(100_000))).message).toContain('nesting deeper than 8 levels');
  });

  it('for duplicate tensor names, which JSON.parse would silently merge', () => {
    const header = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const error = decodeError(safetensorsFile(header, f32(1)));
    expect(error.message).toContain("duplicate key 'a'");
    expect(error.offset).toBe(8 + header.lastIndexOf('"a"'));
  });

  it('for an unknown or unsupported dtype, naming the tensor', () => {
    const error = decodeError(safetensorsFile({ w: entry('U8', [4], 0, 4) }, f32(1)));
    expect(error.tensor).toBe('w');
    expect(error.message).toBe("safetensors: unsupported dtype \"U8\" (supported: F32, F64, I32, BOOL, F16, BF16, I64) (tensor 'w')");
    expect(decodeError(safetensorsFile({ w: { dtype: 7, shape: [], data_offsets: [0, 4] } }, f32(1))).tensor).toBe('w');
  });

  it('for an I64 value outside int32, naming the element and its byte', () => {
    const data = new Uint8Array(16);
    new DataView(data.buffer).setBigInt64(8, 2n ** 40n, true);
    const file = safetensorsFile({ step: entry('I64', [2], 0, 16) }, data);
    const error = decodeError(file);
    expect(error.tensor).toBe('step');
    expect(error.message).toContain('I64 element 1 is 1099511627776, outside int32');
    expect(error.offset).toBe(file.length - 8);
  });

  it('for negative, fractional or non-numeric dims', () => {
    for (const shape of [[-1], [1.5], ['2'], [null], 3]) {
      const error = decodeError(safetensorsFile({ w: { dtype: 'F32', shape, data_offsets: [0, 4] } }, f32(1)));
      expect(error.tensor).toBe('w');
      expect(error.message).toContain('shape must be an array of non-negative integers');
    }
  });

  it('for a shape whose byte size overflows or exceeds the file', () => {
    for (const shape of [[2 ** 40, 2 ** 40], [2 ** 53 - 1, 2 ** 53 - 1, 2 ** 53 - 1], [3]]) {
      const error = decodeError(safetensorsFile({ w: entry('F64', shape, 0, 8) }, new Uint8Array(8)));
      expect(error.tensor).toBe('w');
      expect(error.message).toContain('needs more than the 8 bytes of data in the file');
    }
  });

  it('for offsets out of range, reversed, malformed, or not matching dtype × shape', () => {
    const cases: [unknown, string][] = [
      [[0, 12], 'run past the 8 bytes of data'],
      [[8, 4], 'end before they begin'],
      [[0], 'must be [begin, end]'],
      [[-4, 4], 'must be [begin, end]'],
      [[0, 2 ** 64], 'must be [begin, end]'],
      [[0, 4], 'span 4 bytes but F32 [2] needs 8'],
    ];
    for (const [offsets, message] of cases) {
      const error = decodeError(safetensorsFile({ w: { dtype: 'F32', shape: [2], data_offsets: offsets } }, f32(2)));
      expect(error.tensor).toBe('w');
      expect(error.message).toContain(message);
    }
  });

  it('for overlapping tensors and gaps, with the offset where the second one starts', () => {
    const overlap = decodeError(safetensorsFile({ a: entry('F32', [2], 0, 8), b: entry('F32', [2], 4, 12) }, f32(3)));
    expect(overlap).toMatchObject({ tensor: 'b', message: expect.stringContaining("overlaps tensor 'a'") as string });
    const header = JSON.stringify({ a: entry('F32', [1], 0, 4), b: entry('F32', [1], 8, 12) });
    const gap = decodeError(safetensorsFile(header, f32(3)));
    expect(gap).toMatchObject({ tensor: 'b', offset: 8 + header.length + 8, message: expect.stringContaining('4 unused bytes') as string });
  });

  it('for trailing bytes after the last tensor (policy: the data must be exactly covered)', () => {
    const header = JSON.stringify({ a: entry('F32', [1], 0, 4) });
    const error = decodeError(safetensorsFile(header, f32(2)));
    expect(error).toMatchObject({ offset: 8 + header.length + 4, message: expect.stringContaining('4 bytes of trailing data') as string });
  });

  it('for metadata that is not an object of strings', () => {
    for (const metadata of [[], 'x', { version: 2 }, { nested: {} }]) {
      expect(decodeError(safetensorsFile({ __metadata__: metadata }))).toMatchObject({ offset: 8 });
    }
  });

  it('for unknown fields in an entry', () => {
    const error = decodeError(safetensorsFile({ w: { ...entry('F32', [1], 0, 4), dtype_hint: 'x' } }, f32(1)));
    expect(error).toMatchObject({ tensor: 'w', message: expect.stringContaining("unknown field 'dtype_hint'") as string });
  });

  it('for a BOOL byte other than 0 or 1', () => {
    const header = JSON.stringify({ m: entry('BOOL', [3], 0, 3) });
    expect(decodeError(safetensorsFile(header, new Uint8Array([1, 0, 2])))).toMatchObject({ tensor: 'm', offset: 8 + header.length + 2 });
  });

  it('for invalid UTF-8 in a name', () => {
    const bytes = safetensorsFile('{"\u00ff": {}}');
    bytes[10] = 0xff;
    bytes[11] = 0xfe;
    expect(decodeError(bytes).message).toContain('invalid UTF-8');
  });
});
