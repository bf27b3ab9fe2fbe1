/**
 * The small per-sequence inputs packed into one buffer, so the shaders stay within the portable
 * limit of 8 storage buffers: the lengths (as u32 bits), bias_ih, bias_hh and the peepholes.
 * Biases are added in the gate math rather than pre-summed into the input projection: the
 * per-step kernel reads its projected row anyway, and the pre-sum would cost a pass over T·B rows.
 */
import type { SequenceSpec, SequenceWeights } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import type { SequenceLayout } from './layout.js';
import type { SequenceUniforms } from './shader-prelude.js';

export interface PackedParams {
  readonly tensor: GpuTensor;
  /** Where each part starts (`lengths`, `biasIh`, `biasHh`, `peepCi`, `peepCf`, `peepCo`). */
  readonly offsets: SequenceUniforms;
}

/** Weights packed after the lengths: which, by name, and which uniform field gets their offset. */
const PACKED = [
  ['bias_ih', 'biasIh'],
  ['bias_hh', 'biasHh'],
  ['weight_ci', 'peepCi'],
  ['weight_cf', 'peepCf'],
  ['weight_co', 'peepCo'],
] as const;

export function packParams(ctx: GpuContext, op: string, spec: SequenceSpec, layout: SequenceLayout, weights: SequenceWeights): PackedParams {
  const { batch } = layout;
  const present = PACKED.flatMap(([name, field]) => {
    const w = weights[name];
    return w === undefined ? [] : [{ source: ctx.tensor(w), field }];
  });
  const size = batch + present.reduce((n, p) => n + p.source.length, 0);
  const tensor = ctx.allocate(op, 'float32', size, true);
  const lengths = Uint32Array.from({ length: batch }, (_, b) => spec.lengths?.[b] ?? spec.steps);
  ctx.device.queue.writeBuffer(tensor.buffer, 0, lengths.buffer, lengths.byteOffset, lengths.byteLength);
  const offsets: SequenceUniforms = { lengths: 0 };
  let at = batch;
  for (const { source, field } of present) {
    ctx.stream.copy(source.buffer, 0, tensor.buffer, at * 4, source.bytes);
    offsets[field] = at;
    at += source.length;
  }
  return { tensor, offsets };
}
