/**
 * Running a case on one backend: plainly, under autograd (the tape records), and as the scalar
 * loss that finite differences evaluate. Every function here disposes what it creates; the
 * caller's leak check holds it to that.
 */
import {
  add,
  dispose,
  fromArray,
  keep,
  mul,
  sum,
  Tensor,
  tidy,
  valueAndGrad,
  zeros,
  type Backend,
} from '@rnn/tensor';
import type { Case, Outputs } from './case.js';
import type { Result } from './compare.js';
import { dtypeOn, type InputValues, type Side } from './inputs.js';
import type { FloatDType } from './options.js';

export const isFloatDType = (dtype: string): dtype is FloatDType => dtype === 'float32' || dtype === 'float64';

export function outputList(outputs: Outputs): Tensor[] {
  return outputs instanceof Tensor ? [outputs] : [...outputs];
}

/** Writes the inputs to `backend` in their dtype on `side`. */
export function writeInputs(inputs: readonly InputValues[], backend: Backend, dtype: FloatDType, side: Side): Tensor[] {
  return inputs.map((x) => fromArray(x.values, { shape: x.shape, dtype: dtypeOn(x.dtype, dtype, side), backend }));
}

/** Reads tensors back with `await data()` (so async-only backends work). */
export async function readAll(ts: readonly Tensor[]): Promise<Result[]> {
  const out: Result[] = [];
  for (const t of ts) out.push({ shape: t.shape, dtype: t.dtype, data: await t.data() });
  return out;
}

/** `L = Σ sum(out_i · w_i)` over the float outputs that have weights (a float32 zero if none). */
export function weightedSum(outs: readonly Tensor[], weights: readonly (Float64Array | null)[], backend: Backend): Tensor {
  let total: Tensor | null = null;
  for (let i = 0; i < outs.length; i++) {
    const out = outs[i]!;
    const w = weights[i];
    if (w === null || w === undefined || !isFloatDType(out.dtype)) continue;
    const term = sum(mul(out, fromArray(w, { shape: out.shape, dtype: out.dtype, backend })));
    total = total === null ? term : add(total, term);
  }
  return total ?? zeros([], { backend });
}

/** Calls the case's ops: bare, or in `tidy` for a composite case. */
function callPlain(c: Case, xs: readonly Tensor[]): Tensor[] {
  return outputList(c.composite === true ? tidy(() => c.op(...xs)) : c.op(...xs));
}

/** The case's ops called directly; returns the outputs read back. */
export async function runPlain(c: Case, backend: Backend, inputs: readonly InputValues[], dtype: FloatDType, side: Side): Promise<Result[]> {
  const xs = writeInputs(inputs, backend, dtype, side);
  try {
    const outs = callPlain(c, xs);
    try {
      return await readAll(outs);
    } finally {
      dispose(outs);
    }
  } finally {
    dispose(xs);
  }
}

export interface AutogradRun {
  /** The op's outputs as computed while the tape recorded. */
  readonly outputs: Result[];
  /** The loss `L`. */
  readonly value: Result;
  /** `dL/dx` for each float input, in input order (int32/bool inputs have none). */
  readonly grads: Result[];
  /** Indices into the case's inputs that `grads` belong to. */
  readonly gradInputs: number[];
}

/**
 * The case's ops inside `valueAndGrad((...floats) => L(op(...)))`: the float inputs are the
 * differentiated arguments, int32/bool inputs are constants. The outputs are kept (to compare
 * them with the plain run) and freed afterwards with everything else.
 */
export async function runUnderAutograd(
  c: Case,
  backend: Backend,
  inputs: readonly InputValues[],
  dtype: FloatDType,
  side: Side,
  weights: readonly (Float64Array | null)[],
): Promise<AutogradRun> {
  const xs = writeInputs(inputs, backend, dtype, side);
  const gradInputs = xs.flatMap((x, k) => (isFloatDType(x.dtype) ? [k] : []));
  let captured: Tensor[] = [];
  try {
    const f = (...args: Tensor[]): Tensor => {
      const full = [...xs];
      gradInputs.forEach((k, j) => (full[k] = args[j]!));
      const outs = outputList(c.op(...full));
      captured = keep(outs);
      return weightedSum(outs, weights, backend);
    };
    const { value, grads } = valueAndGrad(f)(...gradInputs.map((k) => xs[k]!));
    try {
      const [valueResult] = await readAll([value]);
      return { outputs: await readAll(captured), value: valueResult!, grads: await readAll(grads), gradInputs };
    } finally {
      dispose([value, ...grads]);
    }
  } finally {
    dispose(captured);
    dispose(xs);
  }
}

/** `L` at `inputs`, evaluated in `tidy` so nothing but the scalar survives (then freed too). */
export async function lossAt(
  c: Case,
  backend: Backend,
  inputs: readonly InputValues[],
  dtype: FloatDType,
  side: Side,
  weights: readonly (Float64Array | null)[],
): Promise<number> {
  const xs = writeInputs(inputs, backend, dtype, side);
  try {
    const loss = tidy(() => weightedSum(outputList(c.op(...xs)), weights, backend));
    try {
      return (await loss.data())[0]!;
    } finally {
      loss.dispose();
    }
  } finally {
    dispose(xs);
  }
}
