/**
 * The ONNX protobuf schema (onnx-proto's static protobufjs code, ONNX 1.10) and the few
 * conversions every reader and writer of it needs. onnx-proto is CommonJS: its namespace is the
 * default export under ESM.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type { onnx as OnnxTypes } from 'onnx-proto';


/** ONNX's TensorProto.DataType values this package reads and writes. */
export const DATA_TYPE = { float: 1, int32: 6, int64: 7 } as const;

/**
 * An int64 field as a number, or null when it is absent or not a safe integer (a hostile or
 * corrupt file). protobufjs decodes int64 as a number, or as a Long when the `long` package is
 * installed; `unknown` because onnx-proto's typings name a Long type it does not ship.
 *
 * @example
 * safeInteger(2 ** 31); // 2147483648
 * safeInteger(2 ** 60); // null
 */
export function safeInteger(value: unknown): number | null {
  const n = typeof value === 'number' ? value : isLong(value) ? value.toNumber() : null;
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

function isLong(value: unknown): value is { toNumber(): number } {
  return typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function';
}
