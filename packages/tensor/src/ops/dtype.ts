/** Dtype promotion, as PyTorch does it for the four dtypes we have: bool < int32 < float32 < float64. */
import type { DType } from '../backend/types.js';

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** The dtype a plain number takes next to a tensor of dtype `d`. */
export function dtypeForNumber(value: number, d: DType): DType {
  if (isFloat(d)) return d;
  return Number.isInteger(value) ? 'int32' : 'float32';
}
