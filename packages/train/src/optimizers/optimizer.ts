/**
 * `Optimizer`: the shared machinery of every optimizer: which parameters it owns, its per-parameter
 * state tensors ("slots"), the step counters, and saving/restoring all of it bit-exactly.
 * Subclasses write the update rule for one parameter and, where a backend may fuse it, describe
 * it as an `OptimizerRule` (`fusedRule`).
 */
import {
  dispose,
  DTypeError,
  fusedOptimizerStep,
  keep,
  mul,
  optimizerSlotNames,
  RnnError,
  ShapeError,
  tidy,
  type OptimizerRule,
  type Tensor,
  type Variable,
} from '@rnn/tensor';
import { OptimizerStateError } from './errors.js';
import { nonNegative } from './validate.js';

/** Hyperparameters every optimizer has. Configs are plain JSON. */
export interface OptimizerConfig {
  readonly lr: number;
}

/**
 * Everything needed to resume an optimizer bit-exactly. `config` and `parameterSteps` are plain
 * JSON; `slots` are tensors keyed `'<slot name>.<parameter index>'` (`'exp_avg.3'`), present only
 * for parameters that have been updated (slots are created on a parameter's first gradient, as
 * PyTorch does).
 */
export interface OptimizerState<C extends OptimizerConfig = OptimizerConfig> {
  /** The optimizer's class name; `setState` refuses another optimizer's state. */
  readonly optimizer: string;
  /** Calls to `step()`. */
  readonly step: number;
  readonly config: C;
  /** Updates applied to each parameter (parameters without a gradient are skipped), by index. */
  readonly parameterSteps: readonly number[];
  readonly slots: Readonly<Record<string, Tensor>>;
}

/** What an update rule sees for one parameter. */
export interface ParameterUpdate {
  readonly parameter: Tensor;
  readonly grad: Tensor;
  /** This parameter's update count, including the current one (1 on its first update). */
  readonly step: number;
  /** The parameter's current slot `name`, or `undefined` before it exists. */
  readonly slot: (name: string) => Tensor | undefined;
}

/** The new parameter value and the slots that changed. */
export interface UpdateResult {
  readonly parameter: Tensor;
  readonly slots: Readonly<Record<string, Tensor>>;
}

export abstract class Optimizer<C extends OptimizerConfig = OptimizerConfig> implements Disposable {
  readonly params: readonly Variable[];
  /** Names of the per-parameter state tensors this optimizer may keep. */
  protected abstract readonly slotNames: readonly string[];
  #config: C;
  #step = 0;
  #parameterSteps: number[];
  readonly #slots = new Map<string, Tensor>();
  #disposed = false;

  protected constructor(params: readonly Variable[], config: C) {
    if (params.length === 0) throw new RnnError(`${new.target.name}: got an empty parameter list`);
    if (new Set(params).size !== params.length) throw new RnnError(`${new.target.name}: a parameter appears more than once`);
    for (const p of params) if (p.dtype !== 'float32' && p.dtype !== 'float64') {
      throw new DTypeError(new.target.name, [p.dtype], `parameter '${p.name}' must be floating point`);
    }
    this.params = [...params];
    this.#parameterSteps = params.map(() => 0);
    this.#config = this.validate(config);
  }

  /**
   * The optimizer's name in errors and saved state. Spelled out by each class: class names do
   * not survive bundling (esbuild may rename `Adam` to `_Adam`), and saved state must.
   */
  abstract get kind(): string;

  /** The learning rate; schedules set it between steps. */
  get lr(): number {
    return this.#config.lr;
  }

  set lr(value: number) {
    nonNegative(this.kind, 'lr', value);
    this.#config = { ...this.#config, lr: value };
  }

  /** The current hyperparameters (a copy). */
  get config(): C {
    return { ...this.#config };
  }

  /** Calls to `step()` so far. */
  get stepCount(): number {
    return this.#step;
  }

  /** Checks hyperparameters and returns them (throws `ArgumentError` on a bad value). */
  protected abstract validate(config: C): C;

  /** The update rule for one parameter; every tensor it creates but does not return is freed. */
  protected abstract update(input: ParameterUpdate, config: C): UpdateResult;

  /**
   * The same rule as `update` with `config`, described for a backend's fused step (every
   * parameter in one call, computing exactly what `update` computes). Absent: `update` always
   * runs per parameter.
   */
  protected fusedRule?(config: C): OptimizerRule;

  /**
   * Applies one update to every parameter that has a gradient in `grads`; parameters without
   * one are skipped (their slots and step counts do not move), as in PyTorch. Gradients for
   * variables this optimizer does not own are ignored.
   */
  step(grads: ReadonlyMap<Variable, Tensor>): void {
    this.#assertAlive('step');
    const updates: [number, Variable, Tensor][] = [];
    this.params.forEach((p, i) => {
      const g = grads.get(p);
      if (g === undefined) return;
      g.assertAlive(`${this.kind}.step`);
      if (g.shape.length !== p.shape.length || g.shape.some((d, axis) => d !== p.shape[axis])) {
        throw new ShapeError(`${this.kind}.step`, [p.shape, g.shape], `gradient of parameter ${i} ('${p.name}') must match its shape`);
      }
      if (g.dtype !== p.dtype) throw new DTypeError(`${this.kind}.step`, [p.dtype, g.dtype], `gradient of parameter ${i} ('${p.name}') must match its dtype`);
      updates.push([i, p, g]);
    });
    this.#step++;
    const config = this.#config;
    if (this.#fusedStep(updates, config)) return;
    for (const [i, p, g] of updates) {
      const step = (this.#parameterSteps[i] ?? 0) + 1;
      const slots = tidy(() => {
        const result = this.update({ parameter: p, grad: g, step, slot: (name) => this.#slots.get(`${name}.${i}`) }, config);
        p.assign(result.parameter);
        return { ...result.slots };
      });
      for (const [name, value] of Object.entries(slots)) this.#setSlot(`${name}.${i}`, value);
      this.#parameterSteps[i] = step;
    }
  }

  /**
   * Runs the step as one backend call (`fusedOptimizerStep`) and stores its results as the
   * composed path would; false when this optimizer, its config or the backend has no fused step.
   */
  #fusedStep(updates: readonly [number, Variable, Tensor][], config: C): boolean {
    const rule = this.fusedRule?.(config);
    if (rule === undefined) return false;
    const names = optimizerSlotNames(rule);
    const result = fusedOptimizerStep(
      rule,
      updates.map(([i, parameter, grad]) => ({
        parameter,
        grad,
        step: (this.#parameterSteps[i] ?? 0) + 1,
        slots: names.map((name) => this.#slots.get(`${name}.${i}`)),
      })),
    );
    if (result === null) return false;
    updates.forEach(([i, p], k) => {
      const value = result.params[k]!;
      p.assign(value);
      value.dispose();
      names.forEach((name, j) => {
        this.#setSlot(`${name}.${i}`, result.slots[k]![j]!);
      });
      this.#parameterSteps[i] = (this.#parameterSteps[i] ?? 0) + 1;
    });
    return true;
  }

  /**
   * A snapshot to save: JSON config and counters plus copies of the slot tensors. The copies are
   * kept (outside every scope) and belong to the caller: `dispose(state.slots)` when done.
   */
  getState(): OptimizerState<C> {
    this.#assertAlive('getState');
    const slots: Record<string, Tensor> = {};
    for (const [key, value] of this.#slots) slots[key] = keep(tidy(() => copy(value)));
    return { optimizer: this.kind, step: this.#step, config: { ...this.#config }, parameterSteps: [...this.#parameterSteps], slots };
  }

  /**
   * Restores a `getState()` snapshot; the next `step` continues exactly as the saved optimizer
   * would have. The state's tensors are copied, so the caller may dispose them afterwards.
   * Throws {@link OptimizerStateError} when a slot does not fit the parameters.
   */
  setState(state: OptimizerState<C>): void {
    this.#assertAlive('setState');
    if (state.optimizer !== this.kind) throw new RnnError(`${this.kind}.setState: the state was saved by ${state.optimizer}`);
    if (state.parameterSteps.length !== this.params.length) {
      throw new RnnError(`${this.kind}.setState: the state is for ${state.parameterSteps.length} parameters, this optimizer has ${this.params.length}`);
    }
    const config = this.validate({ ...state.config });
    for (const [key, value] of Object.entries(state.slots)) this.#checkSlot(key, value);
    for (const t of this.#slots.values()) t.dispose();
    this.#slots.clear();
    for (const [key, value] of Object.entries(state.slots)) this.#slots.set(key, keep(tidy(() => copy(value))));
    this.#config = config;
    this.#step = state.step;
    this.#parameterSteps = [...state.parameterSteps];
  }

  /** Frees every slot tensor; the optimizer cannot be used afterwards. Parameters are untouched. */
  dispose(): void {
    dispose([...this.#slots.values()]);
    this.#slots.clear();
    this.#disposed = true;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #setSlot(key: string, value: Tensor): void {
    const old = this.#slots.get(key);
    if (old === value) return;
    keep(value);
    old?.dispose();
    this.#slots.set(key, value);
  }

  #checkSlot(key: string, value: Tensor): void {
    const dot = key.lastIndexOf('.');
    const name = key.slice(0, dot);
    const index = Number(key.slice(dot + 1));
    if (dot < 0 || !this.slotNames.includes(name)) {
      throw new OptimizerStateError(this.kind, key, `is not a slot of ${this.kind} (expected one of ${this.slotNames.join(', ')})`);
    }
    const p = Number.isInteger(index) ? this.params[index] : undefined;
    if (p === undefined) throw new OptimizerStateError(this.kind, key, `names parameter ${key.slice(dot + 1)}, but there are ${this.params.length}`, null, value.shape);
    if (value.shape.length !== p.shape.length || value.shape.some((d, axis) => d !== p.shape[axis])) {
      throw new OptimizerStateError(this.kind, key, `does not match parameter ${index} ('${p.name}')`, p.shape, value.shape);
    }
    if (value.dtype !== p.dtype) {
      throw new OptimizerStateError(this.kind, key, `has dtype ${value.dtype} but parameter ${index} ('${p.name}') has ${p.dtype}`, p.shape, value.shape);
    }
  }

  #assertAlive(op: string): void {
    if (this.#disposed) throw new RnnError(`${this.kind}.${op}: the optimizer was disposed`);
  }
}

/** A bit-exact copy (multiplying by 1 keeps every value, −0 and NaN included). */
export const copy = (t: Tensor): Tensor => mul(t, 1);
