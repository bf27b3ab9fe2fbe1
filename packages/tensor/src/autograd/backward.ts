/** Walks a tape backwards, accumulating cotangents: one VJP call per recorded primitive. */
import { tidy } from '../engine/memory.js';
import { add } from '../ops/arithmetic.js';
import { stopGradient } from '../ops/stop-gradient.js';
import type { Tensor } from '../tensor.js';
import { releaseSaved, type Tape } from './tape.js';

/**
 * Returns the cotangent of every tensor in `wanted` (missing: it does not influence `output`).
 * Each node's saved tensors are released right after its VJP runs, and each cotangent as soon
 * as its producer has consumed it, so backward holds only the gradient frontier.
 */
export function backward(tape: Tape, output: Tensor, seed: Tensor, wanted: ReadonlySet<number>): Map<number, Tensor> {
  const cotangents = new Map<number, Tensor>([[output.id, seed]]);
  for (let n = tape.nodes.length - 1; n >= 0; n--) {
    const node = tape.nodes[n]!;
    const dys = node.outputIds.map((id) => cotangents.get(id));
    if (dys.every((d) => d === undefined)) {
      releaseSaved(node);
      continue;
    }
    const needs = node.inputIds.map((id) => tape.tracked.has(id) || wanted.has(id));
    const raw = tidy(() =>
      node.primitive.vjp!({
        attrs: node.attrs,
        dys,
        inputs: node.savedInputs,
        outputs: node.savedOutputs,
        inputShapes: node.inputShapes,
        inputDtypes: node.inputDtypes,
        needs,
      }),
    );
    // A rule may pass dy straight through (add, customGrad) or return one tensor for two
    // inputs; each cotangent must own its storage, since dys are disposed below.
    const owned = new Set<Tensor>(dys.filter((d): d is Tensor => d !== undefined));
    const grads = raw.map((g) => {
      if (g === null) return null;
      if (!owned.has(g)) {
        owned.add(g);
        return g;
      }
      return stopGradient(g);
    });
    releaseSaved(node);
    for (const id of node.outputIds) {
      if (wanted.has(id)) continue;
      cotangents.get(id)?.dispose();
      cotangents.delete(id);
    }
    grads.forEach((g, i) => {
      if (g === null || !needs[i]) {
        g?.dispose();
        return;
      }
      const id = node.inputIds[i]!;
      const previous = cotangents.get(id);
      if (previous === undefined) {
        cotangents.set(id, g);
      } else {
        // Shared weights (one W for every time step) sum their contributions.
        cotangents.set(id, add(previous, g));
        previous.dispose();
        g.dispose();
      }
    });
  }
  return cotangents;
}
