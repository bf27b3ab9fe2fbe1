/**
 * WGSL math with the edge cases and precision of JavaScript's `Math`, which the cpu reference
 * uses. WGSL's builtins are not enough on every driver: `exp`, `log`, `sin` and `cos` may be off
 * by far more than float32 rounding (the spec allows `log` an absolute 2^-21 near 1 and `sin` an
 * absolute 2^-11), `tanh` may overflow to NaN for large |x|, and results for NaN, infinities,
 * x/0 or sqrt(−x) are left to the implementation. These versions use the Cephes single-precision
 * polynomials (about 1 ulp) and test NaN by its bits, which no optimizer can assume away.
 *
 * Each function names the functions it calls, so a shader includes exactly what it uses.
 */

export interface WgslFunction {
  readonly code: string;
  readonly uses: readonly WgslFunction[];
}

const fn = (code: string, ...uses: WgslFunction[]): WgslFunction => ({ code, uses });

/** The code of `roots` and of every function they call, each once (WGSL needs no order). */
export function wgslFunctions(roots: readonly WgslFunction[]): string {
  const seen = new Set<WgslFunction>();
  const visit = (f: WgslFunction): void => {
    if (seen.has(f)) return;
    seen.add(f);
    f.uses.forEach(visit);
  };
  roots.forEach(visit);
  return [...seen].map((f) => f.code).join('\n');
}

export const isNan = fn(/* wgsl */ `
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`);

export const isFiniteValue = fn(/* wgsl */ `
fn isFiniteValue(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }`);

/** NaN and Infinity are made at run time: a constant expression that evaluates to either does not compile. */
export const specialValues = fn(/* wgsl */ `
fn nanValue() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn infinity() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
fn withSignOf(magnitude: f32, source: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(magnitude) & 0x7fffffffu) | (bitcast<u32>(source) & 0x80000000u));
}`);

export const safeDivide = fn(
  /* wgsl */ `
fn safeDivide(a: f32, b: f32) -> f32 {
  if (b == 0.0) {
    if (a == 0.0 || isNan(a)) { return nanValue(); }
    return withSignOf(infinity(), bitcast<f32>(bitcast<u32>(a) ^ bitcast<u32>(b)));
  }
  return a / b;
}`,
  isNan,
  specialValues,
);

export const safeSqrt = fn(
  /* wgsl */ `
fn safeSqrt(x: f32) -> f32 {
  if (isNan(x) || x < 0.0) { return nanValue(); }
  // sqrt(−0) is −0.
  if (x == 0.0) { return x; }
  return sqrt(x);
}`,
  isNan,
  specialValues,
);

export const accurateExp = fn(
  /* wgsl */ `
// Cephes expf: x = n·ln2 + r with ln2 in two parts (n·0.693359375 is exact), then a degree-6
// polynomial for e^r on |r| ≤ ln2/2.
fn accurateExp(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  if (x > 88.72283905206835) { return infinity(); }
  if (x < -103.972077083991796) { return 0.0; }
  let n = round(x * 1.44269504088896341);
  let r = (x - n * 0.693359375) + n * 2.12194440e-4;
  let p = ((((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r
    + 1.6666665459e-1) * r + 5.0000001201e-1) * r * r + r) + 1.0;
  // Scaled in two steps, so that neither factor leaves float32's range at the ends.
  let half = i32(n) / 2;
  return ldexp(ldexp(p, half), i32(n) - half);
}`,
  isNan,
  specialValues,
);

export const accurateLog = fn(
  /* wgsl */ `
// Cephes logf: x = m·2^e with m in [√½, √2), then log(m) as a polynomial in m − 1.
fn accurateLog(x: f32) -> f32 {
  if (isNan(x) || x < 0.0) { return nanValue(); }
  if (x == 0.0) { return -infinity(); }
  if (!isFiniteValue(x)) { return x; }
  let parts = frexp(x);
  var e = f32(parts.exp);
  var m = parts.fract - 1.0;
  if (parts.fract < 0.707106781186547524) {
    e -= 1.0;
    m = parts.fract + parts.fract - 1.0;
  }
  let z = m * m;
  var y = ((((((((7.0376836292e-2 * m - 1.1514610310e-1) * m + 1.1676998740e-1) * m - 1.2420140846e-1) * m
    + 1.4249322787e-1) * m - 1.6668057665e-1) * m + 2.0000714765e-1) * m - 2.4999993993e-1) * m
    + 3.3333331174e-1) * m * z;
  y += -2.12194440e-4 * e;
  y += -0.5 * z;
  return (m + y) + 0.693359375 * e;
}`,
  isNan,
  isFiniteValue,
  specialValues,
);

export const accurateExpm1 = fn(
  /* wgsl */ `
// exp(x) − 1 cancels near 0; there the Taylor series to x^8 is within 1e-8 relative (|x| < ½).
fn accurateExpm1(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (1.0 / 2.0 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0
      + x * (1.0 / 720.0 + x * (1.0 / 5040.0 + x * (1.0 / 40320.0))))))));
  }
  return accurateExp(x) - 1.0;
}`,
  accurateExp,
);

export const accurateLog1p = fn(
  /* wgsl */ `
// log(u)·x/(u − 1) with u = 1 + x rounded cancels the rounding error of u (Goldberg 1991).
fn accurateLog1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (u <= 0.0 || !isFiniteValue(u)) { return accurateLog(u); }
  return accurateLog(u) * (x / (u - 1.0));
}`,
  accurateLog,
  isFiniteValue,
);

export const accurateTanh = fn(
  /* wgsl */ `
// tanh|x| = −u/(u + 2) with u = expm1(−2|x|): nothing overflows for large |x|, and small |x|
// keep full relative precision.
fn accurateTanh(x: f32) -> f32 {
  let u = accurateExpm1(-2.0 * abs(x));
  return withSignOf(-u / (u + 2.0), x);
}`,
  accurateExpm1,
  specialValues,
);

export const stableSigmoid = fn(
  /* wgsl */ `
// e^(−|x|) never overflows, so neither tail loses precision or turns into inf/inf.
fn stableSigmoid(x: f32) -> f32 {
  let e = accurateExp(-abs(x));
  return select(e, 1.0, x >= 0.0) / (1.0 + e);
}`,
  accurateExp,
);

const sinQuadrant = fn(/* wgsl */ `
// sin(k·π/2 + y) for |y| ≤ π/4, by the Cephes sinf and cosf polynomials.
fn sinQuadrant(y: f32, k: i32) -> f32 {
  let z = y * y;
  let s = y + y * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);
  let c = (1.0 - 0.5 * z) + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);
  let v = select(s, c, (k & 1) == 1);
  return select(v, -v, (k & 2) == 2);
}`);

/** `sinShifted(x, q)` is sin(x + q·π/2): q = 0 gives sin, q = 1 cos. */
export const accurateSinShifted = fn(
  /* wgsl */ `
fn sinShifted(x: f32, quarterTurns: i32) -> f32 {
  // Cody–Waite: π/2 in three parts, the first short enough that k·1.5703125 is exact.
  let k = round(x * 0.636619772367581343);
  let y = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  return sinQuadrant(y, i32(k) + quarterTurns);
}`,
  sinQuadrant,
);

/** `sinPiShifted(t, q)` is sin(π·t + q·π/2); the reduction of t is exact, so sin(2π·u) is too. */
export const sinPiShifted = fn(
  /* wgsl */ `
fn sinPiShifted(t: f32, quarterTurns: i32) -> f32 {
  let k = round(2.0 * t);
  return sinQuadrant(3.14159265358979323846 * (t - 0.5 * k), i32(k) + quarterTurns);
}`,
  sinQuadrant,
);

export const jsPow = fn(
  /* wgsl */ `
// Math.pow (ECMAScript Number::exponentiate): x^0 = 1 even for NaN, a negative base needs an
// integer exponent, whose parity gives the sign (−0 and −∞ included); otherwise e^(b·log|a|).
fn jsPow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isNan(a) || isNan(b)) { return nanValue(); }
  let integral = isFiniteValue(b) && floor(b) == b;
  if (a < 0.0 && isFiniteValue(a) && isFiniteValue(b) && !integral) { return nanValue(); }
  let magnitude = accurateExp(b * accurateLog(abs(a)));
  // Every float32 from 2^24 up is even.
  let odd = integral && abs(b) < 16777216.0 && (i32(b) & 1) == 1;
  return select(magnitude, -magnitude, odd && (bitcast<u32>(a) >> 31u) == 1u);
}`,
  isNan,
  isFiniteValue,
  specialValues,
  accurateExp,
  accurateLog,
);

/** Math.max / Math.min: NaN wins, and +0 beats −0 for max (−0 for min), bit by bit. */
export const jsMaximum = fn(
  /* wgsl */ `
fn jsMaximum(a: f32, b: f32) -> f32 {
  if (isNan(a) || isNan(b)) { return nanValue(); }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b)); }
  return select(b, a, a > b);
}`,
  isNan,
  specialValues,
);

export const jsMinimum = fn(
  /* wgsl */ `
fn jsMinimum(a: f32, b: f32) -> f32 {
  if (isNan(a) || isNan(b)) { return nanValue(); }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b)); }
  return select(b, a, a < b);
}`,
  isNan,
  specialValues,
);

/** The high word of the 64-bit product of two u32: WGSL has no 32×32→64 multiply, so from 16-bit halves. */
export const mulHigh = fn(/* wgsl */ `
fn mulHigh(a: u32, b: u32) -> u32 {
  let aLo = a & 0xffffu;
  let aHi = a >> 16u;
  let bLo = b & 0xffffu;
  let bHi = b >> 16u;
  let lolo = aLo * bLo;
  let lohi = aLo * bHi;
  let hilo = aHi * bLo;
  let mid = (lolo >> 16u) + (lohi & 0xffffu) + (hilo & 0xffffu);
  return aHi * bHi + (lohi >> 16u) + (hilo >> 16u) + (mid >> 16u);
}`);

export const jsIntMul = fn(
  /* wgsl */ `
// An Int32Array store of a·b: JavaScript rounds the exact product to a double (53 significant
// bits, half to even) before ToInt32 wraps it, so from 2^53 up the low bits are not the
// two's-complement product's.
fn jsIntMul(a: i32, b: i32) -> i32 {
  let x = bitcast<u32>(abs(a));
  let y = bitcast<u32>(abs(b));
  let high = mulHigh(x, y);
  var low = x * y;
  if (high >= 0x200000u) {
    // The product has 64 − clz(high) bits; rounding to 53 clears at most 10 low bits of \`low\`
    // (and its carry into \`high\` does not matter modulo 2^32).
    let dropped = 11u - countLeadingZeros(high);
    let unit = 1u << dropped;
    let rest = low & (unit - 1u);
    let half = unit >> 1u;
    low -= rest;
    if (rest > half || (rest == half && (low & unit) != 0u)) { low += unit; }
  }
  return bitcast<i32>(select(low, 0u - low, (a < 0) != (b < 0)));
}`,
  mulHigh,
);

export const jsIntPow = fn(/* wgsl */ `
// Math.pow then ToInt32: a negative exponent leaves only ±1 (and 0, where 1/0^k is ∞); otherwise
// square-and-multiply, exact wherever |a^b| < 2^53. Above that Math.pow's own rounding is the
// engine's, and this wraps as two's complement (as PyTorch does).
fn jsIntPow(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) == 1); }
    return 0;
  }
  var result = 1i;
  var base = a;
  var e = u32(b);
  while (e != 0u) {
    if ((e & 1u) == 1u) { result *= base; }
    base *= base;
    e >>= 1u;
  }
  return result;
}`);

export const truncateToInt32 = fn(/* wgsl */ `
// A typed-array store (ToInt32): NaN and ±∞ give 0; finite values truncate and wrap modulo 2^32,
// where WGSL's i32() would saturate.
fn truncateToInt32(x: f32) -> i32 {
  let bits = bitcast<u32>(x);
  // From 2^24 up, x is the 24-bit significand times 2^exponent.
  let exponent = i32((bits >> 23u) & 0xffu) - 150;
  if (exponent < 0) { return i32(trunc(x)); }
  if (exponent >= 32) { return 0; }
  let magnitude = ((bits & 0x7fffffu) | 0x800000u) << u32(exponent);
  return bitcast<i32>(select(magnitude, 0u - magnitude, (bits >> 31u) == 1u));
}`);
