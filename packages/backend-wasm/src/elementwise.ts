/**
 * The SIMD paths of `binary` and `unary` for float32: same-shape operands, scalars, trailing
 * vectors (bias rows) and columns (one value per row). Each op is one IEEE operation, so a float32 result computed in wasm is
 * bit-identical to the reference kernel's (which computes in double, then rounds once).
 */
import type { BinaryOp, Shape, TensorSpec, UnaryOp } from '@rnn/tensor/backend';
import { sizeOf } from '@rnn/tensor/kernels';
import type { KernelExports } from './exports.js';
import { asBuffer, type WasmBuffer } from './storage.js';

const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, square: 2, relu: 3, sqrt: 4, reciprocal: 5 };

/**
 * How an operand is walked: `step` between elements of a row (0: one value per row), `row`
 * between rows (0: one repeated row).
 */
interface Walk {
  readonly step: number;
  readonly row: number;
}

function walkOf(shape: Shape, outShape: Shape, n: number): Walk | null {
  const size = sizeOf(shape);
  const outSize = sizeOf(outShape);
  if (size === outSize) return { step: 1, row: n };
  if (size === 1) return { step: 0, row: 0 };
  if (size === outShape[outShape.length - 1] && shape[shape.length - 1] === size) return { step: 1, row: 0 };
  // A column ([N, 1] against [N, C]): one value per row, e.g. a per-row loss gradient.
  if (shape[shape.length - 1] === 1 && n > 0 && size === outSize / n) return { step: 0, row: 1 };
  return null;
}

/** Runs the SIMD binary kernel and returns true, or returns false when this case is not one of its shapes. */
export function simdBinary(kernels: KernelExports, op: BinaryOp, a: TensorSpec, b: TensorSpec, out: WasmBuffer, outShape: Shape): boolean {
  const code = BINARY_CODES[op];
  if (code === undefined || a.dtype !== 'float32') return false;
  const size = sizeOf(outShape);
  const last = outShape[outShape.length - 1] ?? 1;
  // A trailing-vector or column operand needs rows of the last dim; otherwise the whole tensor is one row.
  const rowWise = [a.shape, b.shape].some((s) => sizeOf(s) !== size && sizeOf(s) !== 1);
  const n = rowWise ? last : size;
  const wa = walkOf(a.shape, outShape, n);
  const wb = walkOf(b.shape, outShape, n);
  if (wa === null || wb === null) return false;
  if (size > 0) kernels.binaryF32(code, asBuffer(a.handle).ptr, wa.row, wa.step, asBuffer(b.handle).ptr, wb.row, wb.step, out.ptr, size / n, n);
  return true;
}

export function simdUnary(kernels: KernelExports, op: UnaryOp, x: TensorSpec, out: WasmBuffer): boolean {
  const code = UNARY_CODES[op];
  if (code === undefined || x.dtype !== 'float32') return false;
  kernels.unaryF32(code, asBuffer(x.handle).ptr, out.ptr, out.length);
  return true;
}
