/**
 * `Module`: the base of every layer, shaped like PyTorch's `nn.Module`. A module owns named
 * parameters (Variables) and named child modules; qualified names join them with dots
 * (`encoder.weight_ih_l0`, `0.weight`), exactly as PyTorch's state dicts spell them, so
 * checkpoints move between the two by name.
 */
import { ArgumentError, cast, tidy, variable, Variable, type Tensor } from '@rnn/tensor';
import { StateDictError } from '../errors.js';
import type { ModuleConfig } from './config.js';
import { compareStateDict } from './state-dict.js';

export interface LoadStateDictOptions {
  /** Refuse missing and unexpected keys (default). Shape mismatches are refused either way. */
  readonly strict?: boolean;
}

/** What a non-strict load skipped. */
export interface LoadStateDictResult {
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
}

export abstract class Module {
  readonly #parameters = new Map<string, Variable>();
  readonly #children = new Map<string, Module>();
  #training = true;

  /** The module's computation. Containers chain their children's `forward`. */
  abstract forward(x: Tensor): Tensor;

  /**
   * The architecture as JSON (`{ type, options }`, children nested in `options`), without the
   * weights: `buildModule(m.toConfig())` makes a fresh module of the same shape, and
   * `saveModel` stores this next to the state dict.
   */
  abstract toConfig(): ModuleConfig;

  /** True in training mode (the default): dropout drops. `eval()` turns it off for the whole tree. */
  get training(): boolean {
    return this.#training;
  }

  /**
   * Adds a parameter under `name` and returns it. A plain tensor becomes a new Variable and the
   * module takes ownership: the tensor passed in is disposed (the Variable shares its storage),
   * so `registerParameter('weight', uniform(…))` leaks nothing. A Variable is registered as it
   * is, which is how two modules share (tie) a weight.
   */
  protected registerParameter(name: string, value: Tensor, { trainable = true } = {}): Variable {
    this.#assertFreeName('registerParameter', name);
    const parameter = value instanceof Variable ? value : variable(value, { name, trainable });
    if (parameter !== value) value.dispose();
    this.#parameters.set(name, parameter);
    return parameter;
  }

  /** Adds `child` under `name` (its parameters become `name.…`) and returns it. */
  protected registerModule<M extends Module>(name: string, child: M): M {
    this.#assertFreeName('registerModule', name);
    // A cycle would make every walk below endless; PyTorch forbids it by convention, we by check.
    if (child.modules().includes(this)) {
      throw new ArgumentError('registerModule', 'child', `'${name}' contains this module; modules must form a tree`);
    }
    this.#children.set(name, child);
    return child;
  }

  /**
   * Every parameter with its qualified name, in registration order, this module's own first and
   * then each child's (PyTorch's order). A parameter shared by several modules appears once.
   */
  namedParameters(): [string, Variable][] {
    const seen = new Set<Variable>();
    const unique: [string, Variable][] = [];
    for (const [name, parameter] of this.#parameterEntries('')) {
      if (seen.has(parameter)) continue;
      seen.add(parameter);
      unique.push([name, parameter]);
    }
    return unique;
  }

  parameters(): Variable[] {
    return this.namedParameters().map(([, parameter]) => parameter);
  }

  /** This module and all its descendants, depth first, each once. */
  modules(): Module[] {
    const found = new Set<Module>([this]);
    for (const child of this.#children.values()) for (const m of child.modules()) found.add(m);
    return [...found];
  }

  /** Sets training mode on this module and all its descendants; returns `this`. */
  train(mode = true): this {
    for (const m of this.modules()) m.#training = mode;
    return this;
  }

  /** `train(false)`: dropout becomes the identity. Returns `this`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Qualified name → parameter, in `namedParameters()` order; a shared parameter appears under
   * every name (as in PyTorch), so each module's view of it loads. The values are the live
   * parameters, not copies: do not dispose them.
   */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.#parameterEntries(''));
  }

  /**
   * Replaces every parameter's value with the state dict's entry of the same name. All or
   * nothing: every key, shape and tensor is checked first, and a {@link StateDictError} naming
   * all missing and unexpected keys and every shape mismatch leaves the module untouched.
   * Values of another dtype are cast to the parameter's, as PyTorch's `copy_` does; the dict's
   * tensors are not consumed.
   */
  loadStateDict(dict: Readonly<Record<string, Tensor>>, { strict = true }: LoadStateDictOptions = {}): LoadStateDictResult {
    const targets = this.#parameterEntries('');
    const { missing, unexpected, mismatched } = compareStateDict(targets, dict);
    if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
      throw new StateDictError(missing, unexpected, mismatched);
    }
    tidy(() => {
      for (const [key, parameter] of targets) {
        const value = Object.hasOwn(dict, key) ? dict[key] : undefined;
        if (value !== undefined) parameter.assign(value.dtype === parameter.dtype ? value : cast(value, parameter.dtype));
      }
    });
    return { missing, unexpected };
  }

  /** Frees every parameter's storage (shared ones too). The module is unusable afterwards. */
  dispose(): void {
    for (const parameter of this.parameters()) parameter.dispose();
  }

  /** Every (qualified name, parameter) pair, a shared parameter under each of its names. */
  #parameterEntries(prefix: string): [string, Variable][] {
    const entries: [string, Variable][] = [...this.#parameters].map(([name, p]) => [prefix + name, p]);
    for (const [name, child] of this.#children) entries.push(...child.#parameterEntries(`${prefix}${name}.`));
    return entries;
  }

  #assertFreeName(op: string, name: string): void {
    if (name === '' || name.includes('.')) {
      throw new ArgumentError(op, 'name', `'${name}' must be non-empty and contain no '.' (dots join qualified names)`);
    }
    if (this.#parameters.has(name) || this.#children.has(name)) {
      throw new ArgumentError(op, 'name', `'${name}' is already registered on this module`);
    }
  }
}
