/** Tolerances and the options `describeBackend` accepts. */

/** The float dtypes the suite runs in. */
export type FloatDType = 'float32' | 'float64';

export const FLOAT_DTYPES: readonly FloatDType[] = ['float32', 'float64'];

/** `|actual − expected| ≤ atol + rtol·|expected|`, elementwise (numpy's `allclose`). */
export interface Tolerances {
  rtol: number;
  atol: number;
}

export interface ConformanceOptions {
  /** per dtype tolerance vs the cpu-float64 oracle; defaults float32 {rtol:1e-5, atol:1e-6}, float64 {rtol:1e-12, atol:1e-12} */
  tolerances?: Partial<Record<FloatDType, Tolerances>>;
}

export const DEFAULT_TOLERANCES: Readonly<Record<FloatDType, Tolerances>> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-12 },
};

/** Finite differences in float64: step and agreement (relative + absolute). */
export const GRADCHECK = { eps: 1e-6, rtol: 1e-6, atol: 1e-6 } as const;

export function resolveTolerances(options: ConformanceOptions = {}): Record<FloatDType, Tolerances> {
  return {
    float32: options.tolerances?.float32 ?? DEFAULT_TOLERANCES.float32,
    float64: options.tolerances?.float64 ?? DEFAULT_TOLERANCES.float64,
  };
}

/** `t` widened by `scale` (long reductions accumulate more rounding). */
export function scaled(t: Tolerances, scale = 1): Tolerances {
  return { rtol: t.rtol * scale, atol: t.atol * scale };
}
