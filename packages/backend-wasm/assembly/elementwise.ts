// float32 elementwise kernels for the shapes that dominate training: both operands of the same
// shape, a scalar operand, or a trailing-vector operand (a bias added to every row). Four
// lanes at a time, the tail one by one. Other shapes, dtypes and ops run @rnn/tensor's
// reference kernels on views of the heap.

/** Binary op codes (src/elementwise.ts has the same table). */
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAX = 4;
const MIN = 5;

// @ts-ignore: decorator
@inline function lanes(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    // NaN-propagating max/min, as Math.max/min and PyTorch's maximum/minimum.
    case MAX: return f32x4.max(a, b);
    default: return f32x4.min(a, b);
  }
}

// @ts-ignore: decorator
@inline function one(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAX: return a != a || b != b ? NaN : max(a, b);
    default: return a != a || b != b ? NaN : min(a, b);
  }
}

/**
 * out[r, j] = a[r, j] op b[r, j] over `rows` rows of `n` elements, where an operand's row stride
 * of 0 repeats one row (a trailing-vector operand) and an element stride of 0 repeats one value
 * (a scalar). Strides are in elements; `aStep`/`bStep` are 1 or 0.
 */
export function binaryF32(op: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize, rows: i32, n: i32): void {
  const vectorEnd = n & ~3;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>(r * aRow) * 4;
    const br = b + <usize>(r * bRow) * 4;
    const o = out + <usize>(r * n) * 4;
    const aSplat = v128.load32_splat(ar);
    const bSplat = v128.load32_splat(br);
    let j = 0;
    for (; j < vectorEnd; j += 4) {
      const va = aStep == 0 ? aSplat : v128.load(ar + <usize>j * 4);
      const vb = bStep == 0 ? bSplat : v128.load(br + <usize>j * 4);
      v128.store(o + <usize>j * 4, lanes(op, va, vb));
    }
    for (; j < n; j++) {
      store<f32>(o + <usize>j * 4, one(op, load<f32>(ar + <usize>(j * aStep) * 4), load<f32>(br + <usize>(j * bStep) * 4)));
    }
  }
}

/** Unary op codes (src/elementwise.ts has the same table). */
const NEG = 0;
const ABS = 1;
const SQUARE = 2;
const RELU = 3;
const SQRT = 4;
const RECIPROCAL = 5;

/** out[i] = op(x[i]) for `n` elements. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  const vectorEnd = n & ~3;
  const zero = f32x4.splat(0);
  const ones = f32x4.splat(1);
  let i = 0;
  for (; i < vectorEnd; i += 4) {
    const v = v128.load(x + <usize>i * 4);
    let r: v128;
    switch (op) {
      case NEG: r = f32x4.neg(v); break;
      case ABS: r = f32x4.abs(v); break;
      case SQUARE: r = f32x4.mul(v, v); break;
      // relu keeps NaN (x < 0 is false for NaN), as the reference kernel does.
      case RELU: r = v128.bitselect(zero, v, f32x4.lt(v, zero)); break;
      case SQRT: r = f32x4.sqrt(v); break;
      default: r = f32x4.div(ones, v);
    }
    v128.store(out + <usize>i * 4, r);
  }
  for (; i < n; i++) {
    const v = load<f32>(x + <usize>i * 4);
    let r: f32;
    switch (op) {
      case NEG: r = -v; break;
      case ABS: r = abs(v); break;
      case SQUARE: r = v * v; break;
      case RELU: r = v < 0 ? 0 : v; break;
      case SQRT: r = sqrt(v); break;
      default: r = 1 / v;
    }
    store<f32>(out + <usize>i * 4, r);
  }
}
