/**
 * The fused path of `rnnSequence`: one backend call for the whole sequence forward, and one for
 * its backward, recorded on the tape as a single primitive. Used only when the cell describes
 * itself as a fused family and the backend accepts the configuration; the composed path is the
 * reference it is tested against.
 */
import type { FusedCellConfig, SequenceSpec, TensorSpec } from '../backend/types.js';
import { applyPrimitive } from '../engine/apply.js';
import { state as engine } from '../engine/state.js';
import { zeros } from '../ops/creation.js';
import { primitive } from '../primitives/primitive.js';
import type { Tensor } from '../tensor.js';

/** What a cell offers the fused kernels: its family and its weights by PyTorch's names. */
export interface FusedCellBinding {
  readonly config: FusedCellConfig;
  readonly weights: Readonly<Record<string, Tensor>>;
}

interface SequenceAttrs {
  readonly spec: SequenceSpec;
  readonly weightNames: readonly string[];
  readonly stateCount: number;
}

/** Inputs are [x, ...initialState, ...weights]; outputs [output, ...finalState, reserve?]. */
function splitInputs<T>(inputs: readonly T[], { weightNames, stateCount }: SequenceAttrs): { x: T; initial: T[]; weights: Record<string, T> } {
  const weights: Record<string, T> = {};
  weightNames.forEach((name, i) => (weights[name] = inputs[1 + stateCount + i]!));
  return { x: inputs[0]!, initial: inputs.slice(1, 1 + stateCount), weights };
}

const sequenceBackwardPrimitive = primitive<SequenceAttrs>({
  name: 'rnnSequenceBackward',
  // inputs: [x, ...initialState, ...weights, output, reserve, dOutput | dummy, ...dState | dummy]
  forward: (backend, inputs, attrs) => {
    const { spec, weightNames, stateCount } = attrs;
    const { x, initial, weights } = splitInputs(inputs, attrs);
    const base = 1 + stateCount + weightNames.length;
    const [output, reserve] = [inputs[base]!, inputs[base + 1]!];
    const present = (t: TensorSpec | undefined): TensorSpec | null => (t === undefined || t.shape.length === 0 ? null : t);
    const grads = backend.rnnSequenceBackward!(
      spec,
      { x, weights, initialState: initial, output, reserve },
      present(inputs[base + 2]),
      initial.map((_, k) => present(inputs[base + 3 + k])),
    );
    return [
      { handle: grads.dx, shape: x.shape, dtype: x.dtype },
      ...grads.dInitialState.map((h, k) => ({ handle: h, shape: initial[k]!.shape, dtype: x.dtype })),
      ...weightNames.map((name) => ({ handle: grads.dWeights[name]!, shape: weights[name]!.shape, dtype: x.dtype })),
    ];
  },
});

const sequencePrimitive = primitive<SequenceAttrs>({
  name: 'rnnSequence',
  forward: (backend, inputs, attrs) => {
    const { x, initial, weights } = splitInputs(inputs, attrs);
    const { spec } = attrs;
    const result = backend.rnnSequence!(spec, x, weights, initial);
    const outputSize = initial[0]!.shape[1]!;
    const outputs = [
      { handle: result.output, shape: [spec.steps, spec.batch, outputSize], dtype: x.dtype },
      ...result.state.map((h, k) => ({ handle: h, shape: initial[k]!.shape, dtype: x.dtype })),
    ];
    if (result.reserve !== null) outputs.push({ handle: result.reserve, shape: [result.reserveSize], dtype: x.dtype });
    return outputs;
  },
  saves: ({ stateCount, weightNames }) => ({
    inputs: Array.from({ length: 1 + stateCount + weightNames.length }, (_, i) => i),
    outputs: [0, 1 + stateCount],
  }),
  vjp: ({ attrs, inputs, outputs, dys, needs }) => {
    const { stateCount } = attrs;
    const x = inputs[0]!;
    // A missing upstream gradient travels as a rank-0 placeholder the kernel reads as "zero".
    const placeholder = (): Tensor => zeros([], { dtype: x.dtype, backend: x.backend });
    const grads = applyPrimitive(sequenceBackwardPrimitive, [
      ...(inputs as Tensor[]),
      outputs[0]!,
      outputs[1 + stateCount]!,
      dys[0] ?? placeholder(),
      ...Array.from({ length: stateCount }, (_, k) => dys[1 + k] ?? placeholder()),
    ], attrs);
    return grads.map((g, i) => (needs[i] ? g : null));
  },
});

/**
 * Runs the fused kernels when they apply; returns null when the composed path must run
 * (no binding, no kernels, or the backend declines the configuration).
 */
export function runFused(
  binding: FusedCellBinding | undefined,
  x: Tensor,
  initial: readonly Tensor[],
  lengths: readonly number[] | null,
  reverse: boolean,
): { output: Tensor; state: Tensor[] } | null {
  const backend = x.backend;
  if (binding === undefined || backend.rnnSequence === undefined || backend.rnnSequenceBackward === undefined) return null;
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return null;
  const [steps, batch, inputSize] = x.shape as [number, number, number];
  const spec: SequenceSpec = {
    cell: binding.config,
    dtype: x.dtype,
    steps,
    batch,
    inputSize,
    reverse,
    lengths,
    // The reserve is only worth its memory when a gradient tape may ask for the backward pass.
    training: engine.tapes.length > 0,
  };
  if (backend.supportsSequence?.(spec) === false) return null;
  const weightNames = Object.keys(binding.weights).sort();
  const weights = weightNames.map((n) => binding.weights[n]!);
  if (weights.some((w) => w.dtype !== x.dtype || w.backend !== backend)) return null;
  const outputs = applyPrimitive(sequencePrimitive, [x, ...initial, ...weights], { spec, weightNames, stateCount: initial.length });
  const reserve = outputs[1 + initial.length];
  reserve?.dispose();
  return { output: outputs[0]!, state: outputs.slice(1, 1 + initial.length) };
}
