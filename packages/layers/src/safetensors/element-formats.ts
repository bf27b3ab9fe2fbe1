/**
 * The safetensors element types this library reads and writes, and their little-endian byte
 * layout. Reads and writes go through a DataView, so they are right on any host byte order.
 */
import type { DType, TypedArray } from '@rnn/tensor';

export type ElementFormatName = 'F32' | 'F64' | 'I32' | 'BOOL';

export interface ElementFormat {
  readonly name: ElementFormatName;
  readonly dtype: DType;
  /** Bytes per element. */
  readonly itemSize: number;
  /** `count` elements starting at byte `at` of `view`. */
  read(view: DataView, at: number, count: number): TypedArray;
  /** Writes all of `values` starting at byte `at` of `view`. */
  write(values: TypedArray, view: DataView, at: number): void;
}

function littleEndian(
  name: ElementFormatName,
  dtype: DType,
  itemSize: number,
  allocate: (count: number) => TypedArray,
  get: (view: DataView, at: number) => number,
  set: (view: DataView, at: number, value: number) => void,
): ElementFormat {
  return {
    name,
    dtype,
    itemSize,
    read(view, at, count) {
      const values = allocate(count);
      for (let i = 0; i < count; i++) values[i] = get(view, at + i * itemSize);
      return values;
    },
    write(values, view, at) {
      for (let i = 0; i < values.length; i++) set(view, at + i * itemSize, values[i]!);
    },
  };
}

export const ELEMENT_FORMATS: Readonly<Record<ElementFormatName, ElementFormat>> = {
  F32: littleEndian('F32', 'float32', 4, (n) => new Float32Array(n), (v, at) => v.getFloat32(at, true), (v, at, x) => {
    v.setFloat32(at, x, true);
  }),
  F64: littleEndian('F64', 'float64', 8, (n) => new Float64Array(n), (v, at) => v.getFloat64(at, true), (v, at, x) => {
    v.setFloat64(at, x, true);
  }),
  I32: littleEndian('I32', 'int32', 4, (n) => new Int32Array(n), (v, at) => v.getInt32(at, true), (v, at, x) => {
    v.setInt32(at, x, true);
  }),
  // One byte per element, 0 or 1, as numpy and PyTorch store bool.
  BOOL: littleEndian('BOOL', 'bool', 1, (n) => new Uint8Array(n), (v, at) => v.getUint8(at), (v, at, x) => {
    v.setUint8(at, x);
  }),
};

export const FORMAT_OF_DTYPE: Readonly<Record<DType, ElementFormat>> = {
  float32: ELEMENT_FORMATS.F32,
  float64: ELEMENT_FORMATS.F64,
  int32: ELEMENT_FORMATS.I32,
  bool: ELEMENT_FORMATS.BOOL,
};
