/**
 * The gradient tape. It exists only inside `grad`/`valueAndGrad`/`variableGrads`, so inference
 * pays nothing, and it records a primitive only when one of its inputs depends on a watched
 * tensor: the tape holds exactly the part of the graph that needs gradients.
 */
import type { DType, Shape } from '../backend/types.js';
import type { Primitive } from '../primitives/primitive.js';
import { Tensor, Variable } from '../tensor.js';

export interface TapeNode {
  readonly primitive: Primitive<unknown>;
  readonly attrs: unknown;
  readonly inputIds: readonly number[];
  readonly outputIds: readonly number[];
  readonly inputShapes: readonly Shape[];
  readonly inputDtypes: readonly DType[];
  /** Aliases holding their own storage reference, released right after the node's VJP. */
  readonly savedInputs: (Tensor | undefined)[];
  readonly savedOutputs: (Tensor | undefined)[];
}

/** A new tensor object on the same storage, outside every scope, owned by the tape. */
function saveAlias(t: Tensor): Tensor {
  t.backend.incRef(t.handle);
  return new Tensor(t.handle, t.shape, t.dtype, t.backend, false);
}

export class Tape {
  readonly nodes: TapeNode[] = [];
  /** Ids of tensors that depend on a watched tensor. */
  readonly tracked = new Set<number>();
  /** Trainable variables met while recording (watched ones only), by id. */
  readonly variables = new Map<number, Variable>();

  /** @param watchVariables record through every trainable Variable (variableGrads) */
  constructor(readonly watchVariables: boolean) {}

  isTracked(t: Tensor): boolean {
    return this.tracked.has(t.id) || (this.watchVariables && t instanceof Variable && t.trainable);
  }

  record(primitive: Primitive<unknown>, attrs: unknown, inputs: readonly Tensor[], outputs: readonly Tensor[]): void {
    if (primitive.vjp === undefined || !inputs.some((t) => this.isTracked(t))) return;
    for (const t of inputs) {
      if (t instanceof Variable && this.isTracked(t)) {
        this.tracked.add(t.id);
        this.variables.set(t.id, t);
      }
    }
    for (const t of outputs) if (t.dtype === 'float32' || t.dtype === 'float64') this.tracked.add(t.id);
    const saves = primitive.saves?.(attrs) ?? {};
    const savedInputs: (Tensor | undefined)[] = inputs.map(() => undefined);
    const savedOutputs: (Tensor | undefined)[] = outputs.map(() => undefined);
    for (const i of saves.inputs ?? []) savedInputs[i] = saveAlias(inputs[i]!);
    for (const i of saves.outputs ?? []) savedOutputs[i] = saveAlias(outputs[i]!);
    this.nodes.push({
      primitive,
      attrs,
      inputIds: inputs.map((t) => t.id),
      outputIds: outputs.map((t) => t.id),
      inputShapes: inputs.map((t) => t.shape),
      inputDtypes: inputs.map((t) => t.dtype),
      savedInputs,
      savedOutputs,
    });
  }

  /** Releases whatever saved storage is left (after backward, or when f threw). */
  release(): void {
    for (const node of this.nodes) releaseSaved(node);
    this.nodes.length = 0;
  }
}

export function releaseSaved(node: TapeNode): void {
  for (const list of [node.savedInputs, node.savedOutputs]) {
    for (let i = 0; i < list.length; i++) {
      list[i]?.dispose();
      list[i] = undefined;
    }
  }
}
