/** The tolerances ../shared/golden/README.md sets: |ours − golden| ≤ atol + rtol·|golden|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const GOLDEN_TOLERANCES: Readonly<Record<'float32' | 'float64', Tolerance>> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-9, atol: 1e-11 },
};

export interface Mismatch {
  readonly index: number;
  readonly ours: number;
  readonly golden: number;
  /** How far past the allowed error, as a multiple of it (> 1 fails). */
  readonly ratio: number;
}

/** The worst element against the tolerance, or null when every element is within it. */
export function worstMismatch(ours: ArrayLike<number>, golden: readonly number[], { rtol, atol }: Tolerance): Mismatch | null {
  let worst: Mismatch | null = null;
  for (let i = 0; i < golden.length; i++) {
    const [o, g] = [ours[i]!, golden[i]!];
    const ratio = Math.abs(o - g) / (atol + rtol * Math.abs(g));
    if (!(ratio <= 1) && (worst === null || !(ratio <= worst.ratio))) worst = { index: i, ours: o, golden: g, ratio };
  }
  return worst;
}
