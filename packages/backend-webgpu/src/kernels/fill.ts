/** `fill`: every element set to one value (zeros by a buffer clear, which needs no pipeline). */
import type { DType } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';
import { gridFor, linearMain } from '../core/grid.js';
import { Uniforms } from '../core/uniforms.js';

export function fill(ctx: GpuContext, length: number, value: number, dtype: DType): GpuTensor {
  const out = ctx.allocate('fill', dtype, length);
  const word = storedValue(value, dtype);
  if (Object.is(word, 0)) {
    ctx.stream.clear(out.buffer, 0, Math.ceil(out.bytes / 4) * 4);
    return out;
  }
  const type = wgslType(dtype);
  const pipeline = ctx.pipeline(`fill:${type}`, () => /* wgsl */ `
struct Params { n: u32, value: ${type} }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<${type}>;
${linearMain()}
  if (index >= params.n) { return; }
  out[index] = params.value;
}`);
  const uniforms = new Uniforms().u32(length);
  if (type === 'f32') uniforms.f32(word);
  else if (type === 'i32') uniforms.i32(word);
  else uniforms.u32(word);
  ctx.dispatch(pipeline, uniforms.bytes(), [out], gridFor(length));
  return out;
}

/** The value as the dtype stores it (as a typed-array write converts it). */
export function storedValue(value: number, dtype: DType): number {
  switch (dtype) {
    case 'int32':
      return value | 0;
    case 'bool':
      return value ? 1 : 0;
    default:
      return Math.fround(value);
  }
}
