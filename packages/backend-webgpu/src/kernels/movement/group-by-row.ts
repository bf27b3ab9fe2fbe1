/**
 * Groups the positions of an int32 index list by the row each names, deterministically and
 * without atomics: the (row, position) pairs are sorted with a bitonic network, then each row's
 * run is found by binary search. Positions within a row stay in increasing order, so sums over
 * a row add in the same order on every run (and in the cpu reference's order).
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';

/** Row r's positions are `keys[q].y` for q in `[starts[r], starts[r + 1])`; release both. */
export interface RowGroups {
  /** `array<vec2u>`: (row, position) sorted, padded to a power of two. */
  readonly keys: GpuTensor;
  /** `rows + 1` words. */
  readonly starts: GpuTensor;
}

// Padding and out-of-range rows (negative ones become ≥ 2³¹ as u32) sort after every real row,
// so no row's run includes them.
const KEYS = /* wgsl */ `
struct Params { count: u32, padded: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read_write> keys: array<vec2u>;
${linearMain()}
  if (index >= params.padded) { return; }
  var row = 0xffffffffu;
  if (index < params.count) { row = u32(indices[index]); }
  keys[index] = vec2u(row, index);
}`;

/** One compare-exchange step of the bitonic network: `block` is the merge size, `stride` the distance. */
const BITONIC_STEP = /* wgsl */ `
struct Params { pairs: u32, block: u32, stride: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> keys: array<vec2u>;
${linearMain()}
  if (index >= params.pairs) { return; }
  let i = (index / params.stride) * 2u * params.stride + index % params.stride;
  let j = i + params.stride;
  let a = keys[i];
  let b = keys[j];
  let aAfterB = a.x > b.x || (a.x == b.x && a.y > b.y);
  if (aAfterB == ((i & params.block) == 0u)) {
    keys[i] = b;
    keys[j] = a;
  }
}`;

/** starts[r]: the first sorted key whose row is ≥ r. */
const STARTS = /* wgsl */ `
struct Params { rows: u32, padded: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> keys: array<vec2u>;
@group(0) @binding(2) var<storage, read_write> starts: array<u32>;
${linearMain()}
  if (index > params.rows) { return; }
  var lo = 0u;
  var hi = params.padded;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (keys[mid].x < index) { lo = mid + 1u; } else { hi = mid; }
  }
  starts[index] = lo;
}`;

export function groupByRow(ctx: GpuContext, op: string, indices: GpuTensor, count: number, rows: number): RowGroups {
  const padded = 2 ** Math.ceil(Math.log2(Math.max(count, 1)));
  const keys = ctx.allocate(op, 'int32', 2 * padded);
  ctx.dispatch(ctx.pipeline('group-by-row:keys', () => KEYS), new Uniforms().u32(count, padded).bytes(), [indices, keys], gridFor(padded));
  const step = ctx.pipeline('group-by-row:bitonic-step', () => BITONIC_STEP);
  for (let block = 2; block <= padded; block *= 2) {
    for (let stride = block / 2; stride >= 1; stride /= 2) {
      ctx.dispatch(step, new Uniforms().u32(padded / 2, block, stride).bytes(), [keys], gridFor(padded / 2));
    }
  }
  const starts = ctx.allocate(op, 'int32', rows + 1);
  ctx.dispatch(ctx.pipeline('group-by-row:starts', () => STARTS), new Uniforms().u32(rows, padded).bytes(), [keys, starts], gridFor(rows + 1));
  return { keys, starts };
}
