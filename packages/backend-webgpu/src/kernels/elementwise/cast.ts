/** `cast` between float32, int32 and bool, converting as a typed-array store does. */
import type { DType, TensorSpec } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { mapElements, type ElementFormula } from './map.js';
import { isNan, truncateToInt32 } from './wgsl-math.js';

function castFormula(from: DType, to: DType): ElementFormula {
  const key = `${from}>${to}`;
  if (to === 'bool') {
    // NaN is not 0, so it is true (a driver may assume NaN away in `!=`, so test its bits).
    return from === 'float32'
      ? { key, uses: [isNan], expression: ([x]) => `u32(${x} != 0.0 || isNan(${x}))` }
      : { key, uses: [], expression: ([x]) => `u32(${x} != 0)` };
  }
  if (to === 'int32' && from === 'float32') return { key, uses: [truncateToInt32], expression: ([x]) => `truncateToInt32(${x})` };
  // int32 → float32 rounds; bool's 0/1 convert exactly.
  return { key, uses: [], expression: ([x]) => `${wgslType(to)}(${x})` };
}

export function cast(ctx: GpuContext, x: TensorSpec, dtype: DType): GpuTensor {
  if (x.dtype !== dtype) return mapElements(ctx, 'cast', castFormula(x.dtype, dtype), [x], x.shape, dtype);
  const source = ctx.tensor(x);
  const out = ctx.allocate('cast', dtype, source.length);
  ctx.stream.copy(source.buffer, 0, out.buffer, 0, source.bytes);
  return out;
}
