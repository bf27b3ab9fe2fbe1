/**
 * Thin QR by Householder reflections, in float64 on plain arrays: the orthogonal initializer
 * needs it once per weight, on matrices of a few thousand elements, so no kernel is warranted.
 */

/**
 * Factors the row-major m×n matrix `a` (m ≥ n) as Q·R and returns the thin Q (m×n, row-major)
 * with its columns signed so that R's diagonal is non-negative. That makes the factorization
 * unique, whatever reflection convention is used: it is what PyTorch's orthogonal_ computes
 * with `q *= sign(diag(r))`.
 */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const reflectors: Float64Array[] = [];
  const diagonal = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // v = x − α·e₁ with α = −sign(x₀)·‖x‖, the choice that never cancels.
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k]!;
    const alpha = v[0]! >= 0 ? -norm(v) : norm(v);
    v[0]! -= alpha;
    const length = norm(v);
    if (length > 0) for (let i = 0; i < v.length; i++) v[i]! /= length;
    reflectors.push(v);
    reflect(r, v, k, n, k);
    diagonal[k] = r[k * n + k]!;
  }
  // Q = H₀·H₁·…·H_{n−1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) reflect(q, reflectors[k]!, k, n, 0);
  for (let j = 0; j < n; j++) {
    if (diagonal[j]! < 0) for (let i = 0; i < m; i++) q[i * n + j]! *= -1;
  }
  return q;
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (const e of v) sum += e * e;
  return Math.sqrt(sum);
}

/**
 * Applies I − 2·v·vᵀ (v a unit vector over rows `row0`…) to columns [col0, n) of the row-major
 * `x` of width n, in place. Row by row, so the inner loops run along memory.
 */
function reflect(x: Float64Array, v: Float64Array, row0: number, n: number, col0: number): void {
  const dots = new Float64Array(n);
  for (let i = 0; i < v.length; i++) {
    const row = (row0 + i) * n;
    for (let j = col0; j < n; j++) dots[j]! += v[i]! * x[row + j]!;
  }
  for (let i = 0; i < v.length; i++) {
    const row = (row0 + i) * n;
    const scale = 2 * v[i]!;
    for (let j = col0; j < n; j++) x[row + j]! -= scale * dots[j]!;
  }
}
