/**
 * `Tensor`: an immutable n-dimensional array living on one backend, and `Variable`, the only
 * mutable tensor (for parameters that optimizers update in place).
 */
import type { Backend, DType, Handle, Shape, TensorSpec, TypedArray } from './backend/types.js';
import { trackTensor } from './engine/scope.js';
import { state } from './engine/state.js';
import { BackendMismatchError, DisposedError, DTypeError, ShapeError, SyncReadError } from './errors.js';
import { formatTensor } from './format/format.js';
import { sizeOf, shapesEqual } from './shape.js';

/** Nested arrays as returned by `array()`: numbers, or booleans for `bool` tensors. */
export type NestedArray = number | boolean | NestedArray[];

export class Tensor implements TensorSpec {
  /** Unique per tensor object (aliases of the same storage have different ids). */
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  readonly backend: Backend;
  /** Exempt from every memory scope (set by `keep`). */
  kept = false;
  #handle: Handle | null;

  /** @internal Tensors are made by ops; use `tensor()`, `zeros()` and friends. */
  constructor(handle: Handle, shape: Shape, dtype: DType, backend: Backend, tracked = true) {
    this.id = state.nextTensorId++;
    this.#handle = handle;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.backend = backend;
    if (tracked) trackTensor(this);
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.#handle === null;
  }

  /** The backend storage; throws {@link DisposedError} after `dispose()`. */
  get handle(): Handle {
    if (this.#handle === null) throw new DisposedError('read', this.id, this.shape);
    return this.#handle;
  }

  /** Throws {@link DisposedError} naming `op` if this tensor was disposed. */
  assertAlive(op: string): void {
    if (this.#handle === null) throw new DisposedError(op, this.id, this.shape);
  }

  /** The elements, row-major, as a new typed array (Float32Array for float32, …, Uint8Array for bool). */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    return this.backend.read(this);
  }

  /** Synchronous read; only on backends with `caps.syncRead` (cpu, wasm), else {@link SyncReadError}. */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    if (!this.backend.caps.syncRead || this.backend.readSync === undefined) throw new SyncReadError(this.backend.name);
    return this.backend.readSync(this);
  }

  /** The elements as nested JavaScript arrays. */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  arraySync(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** The single element of a one-element tensor. */
  async item(): Promise<number> {
    return itemOf(this, await this.data());
  }

  itemSync(): number {
    return itemOf(this, this.dataSync());
  }

  /** Releases the storage reference. Safe to call twice. */
  dispose(): void {
    const handle = this.#handle;
    if (handle === null) return;
    this.#handle = null;
    this.backend.dispose(handle);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Prints like PyTorch: `tensor([[1.0000, 2.5000]], dtype=float64)`. */
  toString(): string {
    if (this.#handle === null) return `tensor(<disposed>, shape=[${this.shape.join(', ')}])`;
    if (!this.backend.caps.syncRead) {
      return `tensor(<${this.backend.name}: read with await data()>, shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
    }
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }

  /** @internal Swaps the storage (Variable.assign). */
  protected replaceHandle(handle: Handle): void {
    const old = this.#handle;
    this.#handle = handle;
    if (old !== null) this.backend.dispose(old);
  }
}

/**
 * A mutable tensor for parameters. It never belongs to a memory scope, and `assign` swaps its
 * storage for a new value of the same shape and dtype. Under `variableGrads`, trainable
 * variables are watched automatically.
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  /** @internal Use `variable(initialValue)`. */
  constructor(initial: Tensor, name: string, trainable: boolean) {
    initial.assertAlive('variable');
    initial.backend.incRef(initial.handle);
    super(initial.handle, initial.shape, initial.dtype, initial.backend, false);
    this.kept = true;
    this.name = name;
    this.trainable = trainable;
  }

  /** Replaces the value; `value` keeps its own reference and may be disposed afterwards. */
  assign(value: Tensor): void {
    value.assertAlive('assign');
    if (!shapesEqual(value.shape, this.shape)) {
      throw new ShapeError(`assign to variable '${this.name}'`, [this.shape, value.shape], 'shapes must match');
    }
    if (value.dtype !== this.dtype) {
      throw new DTypeError(`assign to variable '${this.name}'`, [this.dtype, value.dtype], 'dtypes must match');
    }
    if (value.backend !== this.backend) {
      throw new BackendMismatchError(`assign to variable '${this.name}'`, [this.backend.name, value.backend.name]);
    }
    this.backend.incRef(value.handle);
    this.replaceHandle(value.handle);
  }
}

function itemOf(t: Tensor, data: TypedArray): number {
  if (t.size !== 1) throw new ShapeError('item', [t.shape], 'needs a tensor with exactly one element');
  return data[0]!;
}

function nest(data: TypedArray, shape: Shape, dtype: DType): NestedArray {
  const value = (i: number): number | boolean => (dtype === 'bool' ? data[i] !== 0 : data[i]!);
  if (shape.length === 0) return value(0);
  const build = (axis: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[axis]!;
    const inner = stride / (n || 1);
    const out: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      out.push(axis === shape.length - 1 ? value(offset + i) : build(axis + 1, offset + i * inner, inner));
    }
    return out;
  };
  return build(0, 0, sizeOf(shape));
}
