// The gate nonlinearities on f32x4. exp is Cephes' expf (a range reduction to |r| ≤ ln2/2 and a
// degree-6 polynomial, within 2 ulp); σ(x) = 1/(1 + e^(−x)), the form of the reference kernels;
// tanh is Cephes' tanhf: an odd polynomial for |x| < 0.625, where 1 − 2/(e^(2x) + 1) would lose
// relative precision, else that formula. NaN stays NaN in all three.

const LOG2E: f32 = 1.44269504088896341;
/** ln 2 in two parts: LN2_HI has 9 significant bits, so n·LN2_HI is exact for |n| ≤ 128. */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** e^x overflows above ~88.7 and is subnormal below ~−87.3: clamped there, 2^n stays a normal float. */
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.0;

// @ts-ignore: decorator
@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

// @ts-ignore: decorator
@inline function poly(x: v128, c: f32, acc: v128): v128 {
  return f32x4.add(f32x4.mul(acc, x), splat(c));
}

// @ts-ignore: decorator
@inline export function expV(v: v128): v128 {
  // pmax/pmin with v first return v when it is NaN.
  const x = f32x4.pmin(f32x4.pmax(v, splat(EXP_LO)), splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(x, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  let p = splat(1.9875691500e-4);
  p = poly(r, 1.3981999507e-3, p);
  p = poly(r, 8.3334519073e-3, p);
  p = poly(r, 4.1665795894e-2, p);
  p = poly(r, 1.6666665459e-1, p);
  p = poly(r, 5.0000001201e-1, p);
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  return f32x4.div(splat(1), f32x4.add(splat(1), expV(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const large = f32x4.sub(splat(1), f32x4.div(splat(2), f32x4.add(expV(f32x4.add(x, x)), splat(1))));
  const z = f32x4.mul(x, x);
  let p = splat(-5.70498872745e-3);
  p = poly(z, 2.06390887954e-2, p);
  p = poly(z, -5.37397155531e-2, p);
  p = poly(z, 1.33314422036e-1, p);
  p = poly(z, -3.33332819422e-1, p);
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  return v128.bitselect(small, large, f32x4.lt(f32x4.abs(x), splat(0.625)));
}

/** max(x, 0), with NaN → 0 as the reference kernel's `x > 0 ? x : 0`. */
// @ts-ignore: decorator
@inline export function reluV(x: v128): v128 {
  return f32x4.pmax(f32x4.splat(0), x);
}
