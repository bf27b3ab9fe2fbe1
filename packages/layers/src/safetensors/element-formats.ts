/**
 * The safetensors element types this library reads and writes, and their little-endian byte
 * layout. Reads and writes go through a DataView, so they are right on any host byte order.
 * F16, BF16 and I64 — what `model.half()`, `model.bfloat16()` and integer buffers save — are
 * read only, widened to float32 or narrowed to int32 (refused when a value does not fit).
 */
import type { DType, TypedArray } from '@rnn/tensor';

export type ElementFormatName = 'F32' | 'F64' | 'I32' | 'BOOL' | 'F16' | 'BF16' | 'I64';

export interface ElementFormat {
  readonly name: ElementFormatName;
  /** The dtype of the tensor the elements are read into. */
  readonly dtype: DType;
  /** Bytes per element. */
  readonly itemSize: number;
  /** `count` elements starting at byte `at` of `view`. */
  read(view: DataView, at: number, count: number): TypedArray;
  /** The first element the dtype cannot hold, and why; null when all fit. Checked before `read`. */
  invalid?(view: DataView, at: number, count: number): { readonly index: number; readonly detail: string } | null;
}

/** A format this library also writes: the one of each dtype. */
export interface WritableElementFormat extends ElementFormat {
  /** Writes all of `values` starting at byte `at` of `view`. */
  write(values: TypedArray, view: DataView, at: number): void;
}

/** Elements read one by one from little-endian bytes into `allocate`'s array. */
function readOnly(name: ElementFormatName, dtype: DType, itemSize: number, allocate: (count: number) => TypedArray, get: (view: DataView, at: number) => number): ElementFormat {
  return {
    name,
    dtype,
    itemSize,
    read(view, at, count) {
      const values = allocate(count);
      for (let i = 0; i < count; i++) values[i] = get(view, at + i * itemSize);
      return values;
    },
  };
}

function littleEndian(
  name: ElementFormatName,
  dtype: DType,
  itemSize: number,
  allocate: (count: number) => TypedArray,
  get: (view: DataView, at: number) => number,
  set: (view: DataView, at: number, value: number) => void,
): WritableElementFormat {
  return {
    ...readOnly(name, dtype, itemSize, allocate, get),
    write(values, view, at) {
      for (let i = 0; i < values.length; i++) set(view, at + i * itemSize, values[i]!);
    },
  };
}

/** IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 is the top half of a float32's bits. */
const bfloatScratch = new DataView(new ArrayBuffer(4));
function bfloatToNumber(bits: number): number {
  bfloatScratch.setUint32(0, bits << 16);
  return bfloatScratch.getFloat32(0);
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

const BOOL_FORMAT: WritableElementFormat = {
  // One byte per element, 0 or 1, as numpy and PyTorch store bool.
  ...littleEndian('BOOL', 'bool', 1, (n) => new Uint8Array(n), (v, at) => v.getUint8(at), (v, at, x) => {
    v.setUint8(at, x);
  }),
  invalid(view, at, count) {
    for (let i = 0; i < count; i++) {
      const byte = view.getUint8(at + i);
      if (byte > 1) return { index: i, detail: `BOOL element ${i} is ${byte}, not 0 or 1` };
    }
    return null;
  },
};

const F32 = littleEndian('F32', 'float32', 4, (n) => new Float32Array(n), (v, at) => v.getFloat32(at, true), (v, at, x) => {
  v.setFloat32(at, x, true);
});
const F64 = littleEndian('F64', 'float64', 8, (n) => new Float64Array(n), (v, at) => v.getFloat64(at, true), (v, at, x) => {
  v.setFloat64(at, x, true);
});
const I32 = littleEndian('I32', 'int32', 4, (n) => new Int32Array(n), (v, at) => v.getInt32(at, true), (v, at, x) => {
  v.setInt32(at, x, true);
});

export const ELEMENT_FORMATS: Readonly<Record<ElementFormatName, ElementFormat>> = {
  F32,
  F64,
  I32,
  BOOL: BOOL_FORMAT,
  F16: readOnly('F16', 'float32', 2, (n) => new Float32Array(n), (v, at) => halfToNumber(v.getUint16(at, true))),
  BF16: readOnly('BF16', 'float32', 2, (n) => new Float32Array(n), (v, at) => bfloatToNumber(v.getUint16(at, true))),
  I64: {
    ...readOnly('I64', 'int32', 8, (n) => new Int32Array(n), (v, at) => Number(v.getBigInt64(at, true))),
    invalid(view, at, count) {
      for (let i = 0; i < count; i++) {
        const value = view.getBigInt64(at + i * 8, true);
        if (value < INT32_MIN || value > INT32_MAX) return { index: i, detail: `I64 element ${i} is ${value}, outside int32, which tensors here hold` };
      }
      return null;
    },
  },
};

/** The format each dtype is written in. */
export const FORMAT_OF_DTYPE: Readonly<Record<DType, WritableElementFormat>> = {
  float32: F32,
  float64: F64,
  int32: I32,
  bool: BOOL_FORMAT,
};
