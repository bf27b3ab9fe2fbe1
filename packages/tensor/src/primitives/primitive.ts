/**
 * A primitive: one backend kernel call plus its vector-Jacobian product. Every differentiable
 * op in the library is a primitive or a composition of primitives, so autograd needs exactly
 * one rule per primitive (tinygrad's approach), and a backend only ever sees primitives.
 */
import type { Backend, DType, Handle, Shape, TensorSpec } from '../backend/types.js';
import type { Tensor } from '../tensor.js';

/** What a forward returns per output. */
export interface OutputSpec {
  readonly handle: Handle;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** What a VJP rule may read. Inputs and outputs not listed in `saves` are `undefined`. */
export interface VjpContext<A> {
  readonly attrs: A;
  /**
   * Upstream gradients, one per output; `undefined` for an output that received none (a rule
   * for a single-output primitive always has its `dys[0]`).
   */
  readonly dys: readonly (Tensor | undefined)[];
  readonly inputs: readonly (Tensor | undefined)[];
  readonly outputs: readonly (Tensor | undefined)[];
  readonly inputShapes: readonly Shape[];
  readonly inputDtypes: readonly DType[];
  /** Which inputs need a gradient; a rule may skip the others (return `null`). */
  readonly needs: readonly boolean[];
}

export interface Primitive<A> {
  readonly name: string;
  forward(backend: Backend, inputs: readonly TensorSpec[], attrs: A): OutputSpec[];
  /** Indices of the inputs and outputs the VJP reads; only these stay alive until backward. */
  saves?(attrs: A): { readonly inputs?: readonly number[]; readonly outputs?: readonly number[] };
  /** Gradients for each input (`null`: none). Absent: the primitive is not differentiable. */
  vjp?(ctx: VjpContext<A>): (Tensor | null)[];
}

/** Declares a primitive with its attrs type inferred. */
export const primitive = <A>(p: Primitive<A>): Primitive<A> => p;
