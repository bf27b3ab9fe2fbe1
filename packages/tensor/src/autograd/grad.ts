/** The autograd API: grad, valueAndGrad, variableGrads, customGrad. */
import { applyPrimitive } from '../engine/apply.js';
import { openScope } from '../engine/scope.js';
import { state } from '../engine/state.js';
import { GradientError } from '../errors.js';
import { onesLike, zerosLike } from '../ops/creation.js';
import { isFloat } from '../ops/dtype.js';
import { stopGradient } from '../ops/stop-gradient.js';
import { primitive } from '../primitives/primitive.js';
import { shapesEqual } from '../shape.js';
import { Tensor, type Variable } from '../tensor.js';
import { backward } from './backward.js';
import { Tape } from './tape.js';

/** The result of {@link valueAndGrad}: `f`'s value and one gradient per argument. */
export interface ValueAndGrads {
  readonly value: Tensor;
  readonly grads: Tensor[];
}

/**
 * Records `f` on a fresh tape, then runs backward from its output. Everything `f` and backward
 * create is freed except the value and the gradients of the sources and watched variables,
 * which move to the caller's scope.
 */
function differentiate(
  f: () => Tensor,
  sources: readonly Tensor[],
  watchVariables: boolean,
  dy: Tensor | undefined,
): { value: Tensor; cotangents: Map<number, Tensor>; variables: ReadonlyMap<number, Variable> } {
  const tape = new Tape(watchVariables);
  for (const s of sources) {
    if (!isFloat(s.dtype)) throw new GradientError(`gradients need float tensors; argument #${s.id} is ${s.dtype}`);
    tape.tracked.add(s.id);
  }
  const scope = openScope();
  state.tapes.push(tape);
  try {
    const value = f();
    if (!(value instanceof Tensor)) throw new GradientError('the differentiated function must return a Tensor');
    state.tapes.splice(state.tapes.lastIndexOf(tape), 1);
    if (dy !== undefined && !shapesEqual(dy.shape, value.shape)) {
      throw new GradientError(`dy has shape [${dy.shape.join(', ')}] but f returned [${value.shape.join(', ')}]`);
    }
    // The seed is owned by backward (it is disposed once consumed), so never the caller's dy itself.
    const seed = dy !== undefined ? stopGradient(dy) : onesLike(value);
    const wanted = new Set([...sources.map((s) => s.id), ...tape.variables.keys()]);
    const cotangents = backward(tape, value, seed, wanted);
    for (const [id, g] of cotangents) {
      if (wanted.has(id)) scope.escape(g);
      else cotangents.delete(id);
    }
    scope.escape(value);
    return { value, cotangents, variables: tape.variables };
  } finally {
    const index = state.tapes.lastIndexOf(tape);
    if (index >= 0) state.tapes.splice(index, 1);
    tape.release();
    scope.close();
  }
}

/** A fresh tensor object on `t`'s storage, so each argument has its own identity on the tape. */
function alias(t: Tensor): Tensor {
  t.assertAlive('grad');
  t.backend.incRef(t.handle);
  return new Tensor(t.handle, t.shape, t.dtype, t.backend);
}

/**
 * `valueAndGrad(f)(...args)` returns `f(...args)` and the gradient of its output with respect
 * to each argument (`dy` seeds a non-scalar output; default: ones). Arguments that do not
 * influence the output get zero gradients.
 *
 * @example
 * const { value, grads: [dx] } = valueAndGrad((x) => sum(square(x)))(fromArray([1, 2, 3]));
 * // value = 14, dx = [2, 4, 6]
 */
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor, dy?: Tensor): (...args: A) => ValueAndGrads {
  return (...args: A) => {
    const scope = openScope();
    try {
      const xs = args.map(alias) as A;
      const { value, cotangents } = differentiate(() => f(...xs), xs, false, dy);
      const grads = xs.map((x) => cotangents.get(x.id) ?? zerosLike(x));
      for (const t of [value, ...grads]) scope.escape(t);
      return { value, grads };
    } finally {
      scope.close();
    }
  };
}

/** `grad(f)(...args)`: the gradients of {@link valueAndGrad}, without the value. */
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, dy?: Tensor): (...args: A) => Tensor[] {
  const vg = valueAndGrad(f, dy);
  return (...args: A) => {
    const { value, grads } = vg(...args);
    value.dispose();
    return grads;
  };
}

/**
 * Runs `f` (usually a loss over a model's parameters) and returns its value and the gradient
 * for each trainable variable it used (all of them, or only those in `variables`). Variables
 * that do not influence the value have no entry, as PyTorch leaves their `.grad` unset.
 *
 * @example
 * const { value: loss, grads } = variableGrads(() => mseLoss(model(x), y));
 * for (const [v, g] of grads) v.assign(sub(v, mul(g, lr)));
 */
export function variableGrads(f: () => Tensor, variables?: readonly Variable[]): { value: Tensor; grads: Map<Variable, Tensor> } {
  const scope = openScope();
  try {
    const { value, cotangents, variables: met } = differentiate(f, variables ?? [], variables === undefined, undefined);
    const grads = new Map<Variable, Tensor>();
    for (const v of variables ?? met.values()) {
      const g = cotangents.get(v.id);
      if (g !== undefined) grads.set(v, g);
    }
    for (const t of [value, ...grads.values()]) scope.escape(t);
    return { value, grads };
  } finally {
    scope.close();
  }
}

/** What a custom gradient function receives. */
export interface CustomGradContext {
  readonly inputs: readonly Tensor[];
  readonly value: Tensor;
}

/**
 * Defines an op by a forward function and its own gradient. Ops inside `forward` are not taped
 * (they run as one kernel); `gradient` gets the upstream `dy`, the inputs and the value, and
 * returns one gradient per input. Intermediates of `forward` are freed when it returns.
 *
 * @example
 * // A straight-through estimator: round in the forward pass, identity in the backward pass.
 * const roundSte = customGrad((x) => round(x), (dy) => [dy]);
 */
export function customGrad(
  forward: (...inputs: Tensor[]) => Tensor,
  gradient: (dy: Tensor, context: CustomGradContext) => Tensor[],
): (...inputs: Tensor[]) => Tensor {
  const custom = primitive<{ readonly inputs: readonly Tensor[] }>({
    name: 'customGrad',
    forward: (backend, _specs, { inputs }) => {
      const scope = openScope();
      try {
        const value = forward(...inputs);
        backend.incRef(value.handle);
        return [{ handle: value.handle, shape: value.shape, dtype: value.dtype }];
      } finally {
        scope.close();
      }
    },
    saves: ({ inputs }) => ({ inputs: inputs.map((_, i) => i), outputs: [0] }),
    vjp: ({ dys, inputs, outputs, needs }) => {
      const grads = gradient(dys[0]!, { inputs: inputs as Tensor[], value: outputs[0]! });
      if (grads.length !== inputs.length) {
        throw new GradientError(`customGrad: gradient returned ${grads.length} tensors for ${inputs.length} inputs`);
      }
      return grads.map((g, i) => (needs[i] ? g : null));
    },
  });
  return (...inputs: Tensor[]) => applyPrimitive(custom, inputs, { inputs })[0]!;
}
