import type { TypedArray, UnaryOp } from '../../backend/types.js';

/** Round half to even (PyTorch, numpy), unlike Math.round's half up. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** One switch per call, then a tight loop: V8 keeps each loop monomorphic in its op. */
export function unaryKernel(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); break;
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!); break;
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } break;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v < 0 ? 0 : v; } break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); break;
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]!); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); break;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); break;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); break;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); break;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); break;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!); break;
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!); break;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!); break;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]!); break;
    case 'round': for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]!); break;
  }
}
