// e^x four lanes at a time, for softmax's shifted logits (x ≤ 0). Cephes' expf: x = n·ln 2 + r
// with |r| ≤ ln 2 / 2 (ln 2 split in two, so n·ln 2 is exact), e^r by its degree-7 minimax
// polynomial, and 2^n written straight into the exponent bits. Relative error about 2e-7 (1–2
// float32 ulps), far inside the float32 tolerance of the softmax it serves.
import { madd } from '../simd';

/** Below this e^x is under float32's smallest normal number: the result is 0. */
const LOWEST: f32 = -87.33654475;

// @ts-ignore: decorator
@inline export function expNonPositive(x: v128): v128 {
  // Clamp first so n stays ≥ −126 (a normal exponent); lanes below LOWEST are zeroed at the end.
  const clamped = f32x4.max(x, f32x4.splat(LOWEST));
  const n = f32x4.nearest(f32x4.mul(clamped, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  // e^r ≈ p·r² + r + 1
  p = madd(p, f32x4.mul(r, r), f32x4.add(r, f32x4.splat(1)));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  // NaN lanes stay NaN (the comparison is false for them); −∞ and very negative lanes become 0.
  return v128.andnot(f32x4.mul(p, scale), f32x4.lt(x, f32x4.splat(LOWEST)));
}
