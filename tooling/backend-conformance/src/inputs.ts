/**
 * Turning a case's input descriptions into concrete values, the same numbers for the backend
 * under test and the oracle: they are drawn once (seeded, on the oracle), rounded to the dtype
 * under test, and written to both sides from those values. Differences in results then come
 * from the kernels alone.
 */
import { Generator, normal, uniform, type Backend, type DType, type Shape, type Tensor } from '@rnn/tensor';
import type { Case, InputDType } from './case.js';
import type { FloatDType } from './options.js';

/** Concrete values of one input. `values` are exactly representable in its dtype. */
export interface InputValues {
  readonly shape: Shape;
  readonly dtype: InputDType;
  readonly values: Float64Array;
}

/** Which side a tensor is written to: the oracle computes `float` inputs in float64. */
export type Side = 'backend' | 'oracle';

/** A stable 31-bit seed from a name (FNV-1a), so adding a case never reseeds another. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) & 0x7fffffff;
}

/** The dtype an input has on `side` when the dtype under test is `dtype`. */
export function dtypeOn(input: InputDType, dtype: FloatDType, side: Side): DType {
  if (input !== 'float') return input;
  return side === 'oracle' ? 'float64' : dtype;
}

/** Rounds `values` in place so they are exact in `dtype`. */
function roundTo(values: Float64Array, dtype: DType): Float64Array {
  switch (dtype) {
    case 'float32':
      for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i]!);
      break;
    case 'int32':
      for (let i = 0; i < values.length; i++) values[i] = Math.floor(values[i]!) | 0;
      break;
    case 'bool':
      for (let i = 0; i < values.length; i++) values[i] = values[i] !== 0 ? 1 : 0;
      break;
    case 'float64':
      break;
  }
  return values;
}

/** Reads a tensor drawn on the oracle and frees it. */
async function drain(t: Tensor): Promise<Float64Array> {
  try {
    return Float64Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** The values of every input of `c` for a run in `dtype`. */
export async function materializeInputs(c: Case, dtype: FloatDType, oracle: Backend): Promise<InputValues[]> {
  return Promise.all(
    c.inputs.map(async (input, i) => {
      const generator = new Generator(seedOf(`${c.name}#${i}`));
      const common = { generator, dtype: 'float64' as const, backend: oracle };
      let values: Float64Array;
      switch (input.kind) {
        case 'uniform':
          values = await drain(uniform(input.shape, { ...common, low: input.low, high: input.high }));
          break;
        case 'normal':
          values = await drain(normal(input.shape, { ...common, mean: input.mean, std: input.std }));
          break;
        case 'values':
          values = Float64Array.from(input.values);
          break;
      }
      return { shape: input.shape, dtype: input.dtype, values: roundTo(values, dtypeOn(input.dtype, dtype, 'backend')) };
    }),
  );
}

/**
 * Fixed random weights `w` for the scalar `L = Σ sum(out_i · w_i)` that gradients are taken of:
 * one per float output (null for int32/bool outputs), exact in float32 so both sides use the
 * same numbers.
 */
export async function makeWeights(
  c: Case,
  outputs: readonly { readonly shape: Shape; readonly dtype: DType }[],
  oracle: Backend,
): Promise<(Float64Array | null)[]> {
  return Promise.all(
    outputs.map(async (out, i) => {
      if (out.dtype !== 'float32' && out.dtype !== 'float64') return null;
      const generator = new Generator(seedOf(`${c.name}→w${i}`));
      const w = await drain(normal(out.shape, { generator, dtype: 'float64', backend: oracle }));
      return roundTo(w, 'float32');
    }),
  );
}
