/**
 * The backend interface: everything a backend implements and nothing more.
 *
 * This module holds types only, so `@rnn/tensor/backend` costs a backend package no runtime
 * code. Kernels receive dense row-major buffers (`TensorSpec`); the core owns shapes, dtype
 * promotion, broadcasting rules, autograd and memory scopes, and hands each kernel fully
 * checked arguments.
 */

/** Element types. `bool` is stored one byte per element (0 or 1). */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that stores each dtype. */
export interface DTypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage array. */
export type TypedArray = DTypeArrays[DType];

export type Shape = readonly number[];

/**
 * An opaque reference to storage owned by a backend. The core never looks inside; it only
 * passes handles back to the backend that made them. Storage is reference counted: `write` and
 * every kernel return a handle with one reference, `incRef` adds one, `dispose` drops one.
 */
export interface Handle {
  readonly __handle: unique symbol;
}

/** A kernel argument: storage plus the metadata that describes it (dense, row-major). */
export interface TensorSpec {
  readonly handle: Handle;
  readonly shape: Shape;
  readonly dtype: DType;
}

// ---------------------------------------------------------------------------------------------
// Capabilities

/** What a backend can do; the core and the conformance suite decide by these, never by name. */
export interface BackendCaps {
  /** `readSync` exists and `Tensor.dataSync()` may be used. */
  readonly syncRead: boolean;
  /** float64 tensors are supported (the cpu backend: yes; WebGPU: no). */
  readonly float64: boolean;
}

// ---------------------------------------------------------------------------------------------
// Kernel vocabularies

export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'square'
  | 'relu'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'sin'
  | 'cos'
  | 'floor'
  | 'ceil'
  | 'round';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';

export type CompareOp = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

export type ReduceOp = 'sum' | 'max' | 'min';

export type ArgReduceOp = 'argmax' | 'argmin';

/**
 * Seeded random numbers. Every backend implements the same counter-based generator
 * (Philox4x32-10, Salmon et al. 2011, as PyTorch and JAX use on GPUs), so the same key and
 * counter give the same numbers everywhere: element `i` of the output is derived from
 * `philox(key, counter + floor(i / 4))[i % 4]`.
 */
export interface RandomSpec {
  readonly distribution: 'uniform' | 'normal' | 'bernoulli';
  /** The 64-bit key as two unsigned 32-bit words. */
  readonly key: readonly [number, number];
  /** The first 128-bit counter block to use (low 53 bits; the upper words are zero). */
  readonly counter: number;
  /** uniform: [low, high); normal: mean, std; bernoulli: p (output 1 with probability p). */
  readonly a: number;
  readonly b: number;
}

// ---------------------------------------------------------------------------------------------
// The interface, grouped by concern

/** Owning storage: the whole contract a backend's memory must meet. */
export interface StorageOps {
  /** Copies `values` into new storage of `dtype` (values are converted as a typed-array set would). */
  write(values: TypedArray | readonly number[], shape: Shape, dtype: DType): Handle;
  /** Reads the elements, dense row-major, as the dtype's typed array (a copy the caller owns). */
  read(spec: TensorSpec): Promise<TypedArray>;
  /** Present only when `caps.syncRead` is true. */
  readSync?(spec: TensorSpec): TypedArray;
  /** Reads several tensors at once (one submit on GPUs). */
  readMany?(specs: readonly TensorSpec[]): Promise<TypedArray[]>;
  incRef(handle: Handle): void;
  /** Drops one reference; storage is freed when none are left. */
  dispose(handle: Handle): void;
  /** Live storage allocations, for leak checks. */
  numHandles(): number;
}

export interface ElementwiseOps {
  /** Same dtype out as in. Float ops only ever see float inputs (the core promotes). */
  unary(op: UnaryOp, x: TensorSpec): Handle;
  /** `a` and `b` share a dtype; `outShape` is their broadcast shape (numpy rules). */
  binary(op: BinaryOp, a: TensorSpec, b: TensorSpec, outShape: Shape): Handle;
  /** Output dtype `bool`. */
  compare(op: CompareOp, a: TensorSpec, b: TensorSpec, outShape: Shape): Handle;
  /** `cond` is bool; `a`, `b` share a dtype; all three broadcast to `outShape`. */
  where(cond: TensorSpec, a: TensorSpec, b: TensorSpec, outShape: Shape): Handle;
  /** Converts to `dtype`: float→int truncates toward zero, →bool is `x !== 0`. */
  cast(x: TensorSpec, dtype: DType): Handle;
}

export interface ReduceOps {
  /** Reduces over `axes` (sorted, unique, non-empty); the output drops those axes. */
  reduce(op: ReduceOp, x: TensorSpec, axes: readonly number[]): Handle;
  /** Index (int32) of the first extreme value along `axis`; the output drops that axis. */
  argReduce(op: ArgReduceOp, x: TensorSpec, axis: number): Handle;
}

export interface MatmulOps {
  /**
   * Batched matrix product. `a` is [...batchA, M, K] (or [..., K, M] with `transposeA`), `b` is
   * [...batchB, K, N] (or [..., N, K] with `transposeB`); the batch dims broadcast to
   * `outShape` = [...batch, M, N]. Both ranks are at least 2.
   */
  matmul(a: TensorSpec, b: TensorSpec, transposeA: boolean, transposeB: boolean, outShape: Shape): Handle;
}

export interface MovementOps {
  /** `out.shape[i] = x.shape[perm[i]]`. */
  permute(x: TensorSpec, perm: readonly number[]): Handle;
  /** The box `[begin, begin + size)` on every axis (already clamped and non-negative). */
  slice(x: TensorSpec, begin: readonly number[], size: readonly number[]): Handle;
  /** All inputs share dtype and every dim except `axis`. */
  concat(xs: readonly TensorSpec[], axis: number): Handle;
  /** Reverses the order of elements along each of `axes`. */
  reverse(x: TensorSpec, axes: readonly number[]): Handle;
  /**
   * `out[..., j, ...] = x[..., indices[j], ...]` along `axis`, where `indices` is int32 of any
   * shape (its dims replace `axis` in the output). Indices are checked by the core.
   */
  gather(x: TensorSpec, indices: TensorSpec, axis: number): Handle;
  /**
   * The adjoint of `gather`: zeros of `outShape`, then `out[..., indices[j], ...] += updates[..., j, ...]`.
   */
  scatterAdd(indices: TensorSpec, updates: TensorSpec, axis: number, outShape: Shape): Handle;
}

export interface CreationOps {
  fill(shape: Shape, value: number, dtype: DType): Handle;
  /** Float dtypes for uniform/normal; any dtype for bernoulli. See {@link RandomSpec}. */
  random(spec: RandomSpec, shape: Shape, dtype: DType): Handle;
}

// ---------------------------------------------------------------------------------------------
// Optional fused kernels: whole-sequence recurrences. The core has a composed reference for
// every cell and uses these only where the backend has them and accepts the configuration.

/** The cell families a fused sequence kernel may implement, with PyTorch's equations. */
export interface FusedCellConfig {
  readonly kind: 'rnn' | 'lstm' | 'gru';
  readonly hiddenSize: number;
  /** Whether `bias_ih`/`bias_hh` exist. */
  readonly bias: boolean;
  /** rnn: h = act(W_ih x + b_ih + W_hh h + b_hh). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** lstm: h = W_hr (o ⊙ tanh(c)) when > 0 (PyTorch `proj_size`); the state h then has this size. */
  readonly projSize?: number;
  /** lstm: Gers & Schmidhuber peepholes `weight_ci`, `weight_cf` (see c_{t-1}) and `weight_co` (sees c_t). */
  readonly peephole?: boolean;
  /** lstm: coupled input and forget gate, f = 1 − i (the f rows of the weights are ignored). */
  readonly cifg?: boolean;
  /** gru: the reset gate multiplies (W_hn h + b_hn) (PyTorch, default) or h before W_hn (Cho et al.). */
  readonly resetAfter?: boolean;
}

/** Everything a fused sequence kernel needs besides the tensors. */
export interface SequenceSpec {
  readonly cell: FusedCellConfig;
  /** The dtype of `x`, the weights and the state (a backend may run only some dtypes fused). */
  readonly dtype: 'float32' | 'float64';
  /** T, batch and input size of `x` ([T, batch, inputSize], time-major). */
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  /** Run each entry from its last valid step back to its first; outputs stay in input order. */
  readonly reverse: boolean;
  /** Valid steps per entry (packed-sequence semantics), or null when all are `steps` long. */
  readonly lengths: readonly number[] | null;
  /** Keep a reserve for the backward kernel. */
  readonly training: boolean;
}

/** Weights by PyTorch's names: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr, weight_ci/cf/co. */
export type SequenceWeights = Readonly<Record<string, TensorSpec>>;

export interface FusedSequenceForward {
  /** [T, batch, outputSize]; zero past each entry's length. */
  readonly output: Handle;
  /** Final states, in the cell's order (h, or h then c), each [batch, size]. */
  readonly state: readonly Handle[];
  /** Backend-private saved activations for the backward kernel (flat, `reserveSize` elements), or null. */
  readonly reserve: Handle | null;
  readonly reserveSize: number;
}

export interface FusedSequenceBackward {
  readonly dx: Handle;
  readonly dInitialState: readonly Handle[];
  /** One gradient per weight, by name. */
  readonly dWeights: Readonly<Record<string, Handle>>;
}

export interface FusedSequenceOps {
  /** Whether the fused kernels accept this configuration (else the composed path runs). */
  supportsSequence?(spec: SequenceSpec): boolean;
  /**
   * Runs the whole sequence. `initialState` is always given (zeros when the caller had none).
   * Speed recipe (cuDNN, onnxruntime): one GEMM for the input projection of all steps with the
   * biases pre-summed, then per step only h·W_hhᵀ and fused gate math.
   */
  rnnSequence?(spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward;
  /**
   * Gradients of a training-mode `rnnSequence` given upstream gradients of its output and final
   * states (null: zero). Only dh is sequential; dW, dR and db are one reduction each afterwards.
   */
  rnnSequenceBackward?(
    spec: SequenceSpec,
    saved: {
      readonly x: TensorSpec;
      readonly weights: SequenceWeights;
      readonly initialState: readonly TensorSpec[];
      readonly output: TensorSpec;
      readonly reserve: TensorSpec;
    },
    dOutput: TensorSpec | null,
    dState: readonly (TensorSpec | null)[],
  ): FusedSequenceBackward;
}

// ---------------------------------------------------------------------------------------------
// Optional fused kernels: the loss and the optimizer update of a training step. The core has a
// composed reference for both and uses these only where the backend has them and accepts the
// dtype or rule (`supports…` absent means yes).

/**
 * What `softmaxCrossEntropy` returns (TensorFlow's SparseSoftmaxCrossEntropyWithLogits: the loss
 * and its gradient from one pass over the logits).
 */
export interface SoftmaxCrossEntropyResult {
  /** [N]: `log Σ_c exp(logits[n, c]) − logits[n, t_n]`, computed with the row maximum subtracted. */
  readonly loss: Handle;
  /**
   * [N, C]: `∂loss[n] / ∂logits[n, :] = softmax(logits[n, :]) − onehot(t_n)`, or null when not
   * asked for. The VJP is then one broadcast multiply, `gradient · dloss[:, None]`, so no backward
   * kernel is needed.
   */
  readonly gradient: Handle | null;
}

/**
 * PyTorch's `torch.optim.SGD`, per element: `g ← ∇ + λθ` (when λ ≠ 0); with momentum
 * `b ← g` on the first step (no buffer yet), else `b ← b·μ + g·(1 − τ)`; `g ← g + b·μ`
 * (Nesterov) or `g ← b`; `θ ← θ − g·lr`. Slots: `[momentum_buffer]` when μ ≠ 0, else none.
 */
export interface SgdRule {
  readonly kind: 'sgd';
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/**
 * PyTorch's `torch.optim.Adam` / `AdamW`, per element, at the parameter's update count t:
 * `θ ← θ·(1 − lr·λ)` (decoupled, λ ≠ 0) or `g ← ∇ + θ·λ` (L2, λ ≠ 0); `m ← m + (g − m)·(1 − β₁)`;
 * `v ← v·β₂ + g²·(1 − β₂)`; `v̂ ← max(v̂, v)` (AMSGrad, else v̂ = v);
 * `θ ← θ − (m / (√v̂ / √(1 − β₂ᵗ) + ε))·(lr / (1 − β₁ᵗ))`. Missing slots start at 0.
 * Slots: `[exp_avg, exp_avg_sq]`, then `max_exp_avg_sq` with AMSGrad.
 */
export interface AdamRule {
  readonly kind: 'adam';
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: decay the parameter instead of adding `λθ` to the gradient. */
  readonly decoupledWeightDecay: boolean;
  readonly amsgrad: boolean;
}

/**
 * PyTorch's `torch.optim.RMSprop`, per element: `g ← ∇ + θ·λ` (λ ≠ 0); `v ← v·α + g²·(1 − α)`;
 * centered: `m ← m + (g − m)·(1 − α)`, `d ← √(v − m²) + ε`, else `d ← √v + ε`; with momentum
 * `b ← b·μ + g/d`, `θ ← θ − b·lr`, else `θ ← θ − (g/d)·lr`. Missing slots start at 0.
 * Slots: `[square_avg]`, then `grad_avg` when centered, then `momentum_buffer` when μ > 0.
 */
export interface RmspropRule {
  readonly kind: 'rmsprop';
  readonly lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;
}

/**
 * An optimizer update rule. The formulas are exact: each operation is rounded to the dtype in
 * the order written (scalars computed in double, then rounded once), which is how the composed
 * per-parameter updates of @rnn/train compute, so a fused step can equal them bit for bit.
 */
export type OptimizerRule = SgdRule | AdamRule | RmspropRule;

export interface OptimizerStepSpec {
  readonly rule: OptimizerRule;
  /** The dtype of every parameter, gradient and slot. */
  readonly dtype: 'float32' | 'float64';
  /** Per parameter, its update count including this one (1 on its first update). */
  readonly steps: readonly number[];
}

export interface OptimizerStepResult {
  /** The new value of each parameter. */
  readonly params: readonly Handle[];
  /** Per parameter, every slot of the rule, in the rule's order. */
  readonly slots: readonly (readonly Handle[])[];
}

export interface FusedTrainingOps {
  /** Whether `softmaxCrossEntropy` accepts logits of this float dtype (else the composed path runs). */
  supportsSoftmaxCrossEntropy?(dtype: DType): boolean;
  /**
   * Softmax cross-entropy over class indices: `logits` is [N, C] float (C ≥ 1), `targets` int32
   * [N]. A row whose target is `ignoreIndex`, or outside [0, C), selects no class: its loss is 0
   * and its gradient row is 0 (as the one-hot formulation gives). `withGradient`: also return
   * the gradient (only while a tape records).
   */
  softmaxCrossEntropy?(logits: TensorSpec, targets: TensorSpec, ignoreIndex: number | null, withGradient: boolean): SoftmaxCrossEntropyResult;
  /** Whether `optimizerStep` accepts this rule and dtype (else each parameter is updated with tensor ops). */
  supportsOptimizerStep?(spec: OptimizerStepSpec): boolean;
  /**
   * One update of every parameter: `params[i]`, `grads[i]` and the slots `slots[i]` (in the
   * rule's order; null where a slot does not exist yet) share a shape. Returns new storage for
   * every parameter and every slot of the rule; the inputs are not modified.
   */
  optimizerStep?(
    spec: OptimizerStepSpec,
    params: readonly TensorSpec[],
    grads: readonly TensorSpec[],
    slots: readonly (readonly (TensorSpec | null)[])[],
  ): OptimizerStepResult;
}

/** A backend: storage plus the required kernels. Created explicitly, never on import. */
export interface Backend
  extends StorageOps,
    ElementwiseOps,
    ReduceOps,
    MatmulOps,
    MovementOps,
    CreationOps,
    FusedSequenceOps,
    FusedTrainingOps {
  /** A short name for messages ("cpu", "wasm", "webgpu"). */
  readonly name: string;
  readonly caps: BackendCaps;
  /** Releases every resource; the backend cannot be used afterwards. */
  destroy(): void;
}
