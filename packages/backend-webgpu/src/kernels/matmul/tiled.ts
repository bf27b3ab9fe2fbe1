/**
 * The tiled matrix-product kernel. Each workgroup computes one `rows × cols` tile of the output:
 * it steps through K `depth` at a time, staging the A and B panels it needs in workgroup memory
 * (every element of a panel is then read by many invocations from there instead of from global
 * memory), and each invocation keeps a 4×4 register block of sums: four rows of the tile, and
 * four adjacent columns as one vec4.
 *
 * Panels are stored k-major as vec4s (`panel[k][row / 4][row % 4]`) whatever the operand's
 * layout, so one step of the inner loop is two vec4 reads of workgroup memory and four vec4
 * multiply-adds. The loads map consecutive invocations to the operand's contiguous axis, so a
 * transposed operand is read as coalesced as a plain one and transposes cost nothing in the
 * inner loop.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { Uniforms } from '../../core/uniforms.js';

export interface TileConfig {
  readonly name: string;
  /** Output rows and columns per workgroup (multiples of the 4×4 block). */
  readonly rows: number;
  readonly cols: number;
  /** K per step through workgroup memory. */
  readonly depth: number;
}

/** Rows and columns of one invocation's register block. */
const BLOCK = 4;

/** 256 invocations; 16 KiB of f32 panels (the portable limit), half that in f16. */
export const LARGE_TILE: TileConfig = { name: '64x64', rows: 64, cols: 64, depth: 32 };
/** For products with few rows or columns, where 64×64 tiles would mostly compute padding: 64 invocations, 8 KiB of f32 panels. */
export const SMALL_TILE: TileConfig = { name: '32x32', rows: 32, cols: 32, depth: 32 };
/** Few rows (an RNN step's batch against a wide weight matrix): 16 rows, 128 columns, 128 invocations; 9 KiB of f32 panels. */
export const WIDE_TILE: TileConfig = { name: '16x128', rows: 16, cols: 128, depth: 16 };

/** Everything that changes the WGSL. */
export interface KernelVariant {
  readonly tile: TileConfig;
  /** The storage type of all three operands. */
  readonly type: 'f32' | 'i32';
  /** Panels in f16 (half the workgroup memory and its traffic), arithmetic in f32 (`type` is then f32). */
  readonly f16: boolean;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly accumulate: boolean;
}

/** One dispatch's worth of work: sizes, leading dimensions and offsets in elements. */
export interface TiledProduct {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch: number;
  /** Elements between consecutive rows of the stored operands (of their stored, maybe transposed, layout). */
  readonly lda: number;
  readonly ldb: number;
  readonly ldc: number;
  readonly aOffset: number;
  readonly aBatchStride: number;
  readonly bOffset: number;
  readonly bBatchStride: number;
  readonly outOffset: number;
  readonly outBatchStride: number;
}

const threadsOf = (t: TileConfig): { x: number; y: number } => ({ x: t.cols / BLOCK, y: t.rows / BLOCK });

/** WebGPU's guaranteed limits, which every tile must fit on any device. */
const PORTABLE = { invocations: 256, workgroupBytes: 16 * 1024 } as const;

/** Throws when `tile` passes the portable limits or is not made of whole 4×4 blocks. */
export function checkTile(tile: TileConfig): void {
  const { x, y } = threadsOf(tile);
  const bytes = (tile.rows + tile.cols) * tile.depth * 4;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x * y > PORTABLE.invocations || bytes > PORTABLE.workgroupBytes) {
    throw new RangeError(`matmul tile ${tile.name}: ${x * y} invocations and ${bytes} bytes of panels (at most ${PORTABLE.invocations} and ${PORTABLE.workgroupBytes}), blocks of ${BLOCK}×${BLOCK}`);
  }
}

/** One operand's panel load: which operand, and how its stored layout maps onto the tile. */
interface Panel {
  readonly name: 'aPanel' | 'bPanel';
  readonly source: 'a' | 'b';
  /** Rows (A) or columns (B) of the tile the panel covers; its other extent is `depth`. */
  readonly extent: number;
  /** Whether k is the operand's contiguous axis (A plain, B transposed). */
  readonly kContiguous: boolean;
  /** WGSL: the tile's first row/column, the matrix's last, the operand's base and leading dimension. */
  readonly start: string;
  readonly limit: string;
  readonly base: string;
  readonly ld: string;
}

/**
 * The statements that stage one panel, a vec4 (four rows of A or four columns of B at one k) per
 * load: consecutive invocations take consecutive positions along the operand's contiguous axis
 * (k, or the quads of rows/columns), so the reads coalesce. Out-of-range elements (edge tiles,
 * the K remainder) are staged as zeros.
 */
function panelLoad(v: KernelVariant, panel: Panel, invocations: number, panelType: string): string {
  const { depth } = v.tile;
  const quads = panel.extent / BLOCK;
  // Quads in the panel; when they do not split evenly, the last round of loads is partial.
  const total = depth * quads;
  const fastSize = panel.kContiguous ? depth : quads;
  const [kLocal, quad] = panel.kContiguous ? ['fast', 'slow'] : ['slow', 'fast'];
  const element = (j: number): string => {
    const e = `e + ${j}u`;
    const index = panel.kContiguous ? `(${e}) * ${panel.ld} + kk` : `kk * ${panel.ld} + ${e}`;
    return `select(${panelType}(0), ${panelType}(${panel.source}[${panel.base} + ${index}]), kk < p.k && ${e} < ${panel.limit})`;
  };
  return /* wgsl */ `
    for (var i = 0u; i < ${Math.ceil(total / invocations)}u; i++) {
      let q = local + i * ${invocations}u;${total % invocations === 0 ? '' : `
      if (q >= ${total}u) { break; }`}
      let fast = q % ${fastSize}u;
      let slow = q / ${fastSize}u;
      let e = ${panel.start} + ${quad} * ${BLOCK}u;
      let kk = k0 + ${kLocal};
      ${panel.name}[${kLocal} * ${quads}u + ${quad}] = vec4<${panelType}>(${Array.from({ length: BLOCK }, (_, j) => element(j)).join(', ')});
    }`;
}

/** The WGSL of one variant. */
export function tiledWgsl(v: KernelVariant): string {
  const { tile } = v;
  checkTile(tile);
  const threads = threadsOf(tile);
  const count = threads.x * threads.y;
  const panelType = v.f16 ? 'f16' : v.type;
  const block = Array.from({ length: BLOCK }, (_, i) => i);
  const lane = ['x', 'y', 'z', 'w'];
  // f16 panels widen to f32 as they are read: two conversions per 16 multiply-adds, and the
  // products keep f32 precision and range (an f16 product of two small inputs would flush to 0).
  const read = (panel: string, index: string): string => (v.f16 ? `vec4<f32>(${panel}[${index}])` : `${panel}[${index}]`);
  // A is [M, K] (k contiguous) or, transposed, [K, M] (rows contiguous); B is [K, N] or [N, K].
  const aPanel = panelLoad(v, { name: 'aPanel', source: 'a', extent: tile.rows, kContiguous: !v.transposeA, start: 'row0', limit: 'p.m', base: 'aBase', ld: 'p.lda' }, count, panelType);
  const bPanel = panelLoad(v, { name: 'bPanel', source: 'b', extent: tile.cols, kContiguous: v.transposeB, start: 'col0', limit: 'p.n', base: 'bBase', ld: 'p.ldb' }, count, panelType);
  return /* wgsl */ `${v.f16 ? 'enable f16;\n' : ''}
struct Params { m: u32, n: u32, k: u32, lda: u32, ldb: u32, ldc: u32, aOffset: u32, aBatchStride: u32, bOffset: u32, bBatchStride: u32, outOffset: u32, outBatchStride: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<${v.type}>;
@group(0) @binding(2) var<storage, read> b: array<${v.type}>;
@group(0) @binding(3) var<storage, read_write> out: array<${v.type}>;
var<workgroup> aPanel: array<vec4<${panelType}>, ${(tile.depth * tile.rows) / BLOCK}>;
var<workgroup> bPanel: array<vec4<${panelType}>, ${(tile.depth * tile.cols) / BLOCK}>;

@compute @workgroup_size(${threads.x}, ${threads.y})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) local: u32) {
  let row0 = wid.y * ${tile.rows}u;
  let col0 = wid.x * ${tile.cols}u;
  let aBase = p.aOffset + wid.z * p.aBatchStride;
  let bBase = p.bOffset + wid.z * p.bBatchStride;
${block.map((i) => `  var acc${i} = vec4<${v.type}>();`).join('\n')}
  for (var k0 = 0u; k0 < p.k; k0 += ${tile.depth}u) {${aPanel}${bPanel}
    workgroupBarrier();
    for (var kk = 0u; kk < ${tile.depth}u; kk++) {
      let a4 = ${read('aPanel', `kk * ${threads.y}u + lid.y`)};
      let b4 = ${read('bPanel', `kk * ${threads.x}u + lid.x`)};
${block.map((i) => `      acc${i} += a4.${lane[i]!} * b4;`).join('\n')}
    }
    workgroupBarrier();
  }
  let outBase = p.outOffset + wid.z * p.outBatchStride;
  let r = row0 + lid.y * ${BLOCK}u;
  let c = col0 + lid.x * ${BLOCK}u;
${block
  .flatMap((i) =>
    block.map((j) => {
      const sum = `acc${i}.${lane[j]!}`;
      return `  if (r + ${i}u < p.m && c + ${j}u < p.n) { let o = outBase + (r + ${i}u) * p.ldc + c + ${j}u; out[o] = ${v.accumulate ? `out[o] + ${sum}` : sum}; }`;
    }),
  )
  .join('\n')}
}`;
}

/** Starts and lengths of the pieces of `[0, total)` at most `per` long. */
function pieces(total: number, per: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < total; start += per) out.push([start, Math.min(per, total - start)]);
  return out;
}

/**
 * Encodes `product` with variant `v`. The grid is (column tiles, row tiles, batch); a product
 * whose grid passes the device's workgroups-per-dimension limit (65 535 on most) is split into
 * several dispatches by moving the offsets (which is why leading dimensions travel apart from
 * sizes).
 */
export function encodeTiled(ctx: GpuContext, v: KernelVariant, product: TiledProduct, a: GpuTensor, b: GpuTensor, out: GpuTensor): void {
  const { tile } = v;
  const pipeline = ctx.pipeline(
    `matmul-tiled:${tile.name}:${v.type}:${v.f16 ? 'f16' : 'full'}:${v.transposeA ? 'At' : 'A'}:${v.transposeB ? 'Bt' : 'B'}:${v.accumulate ? 'acc' : 'set'}`,
    () => tiledWgsl(v),
  );
  const p = product;
  const most = ctx.device.limits.maxComputeWorkgroupsPerDimension;
  for (const [e0, batch] of pieces(p.batch, most)) {
    for (const [r0, m] of pieces(p.m, most * tile.rows)) {
      for (const [c0, n] of pieces(p.n, most * tile.cols)) {
        // Where row r0 / column c0 starts in each operand's stored layout.
        const aOffset = p.aOffset + e0 * p.aBatchStride + (v.transposeA ? r0 : r0 * p.lda);
        const bOffset = p.bOffset + e0 * p.bBatchStride + (v.transposeB ? c0 * p.ldb : c0);
        const outOffset = p.outOffset + e0 * p.outBatchStride + r0 * p.ldc + c0;
        const uniforms = new Uniforms()
          .u32(m, n, p.k, p.lda, p.ldb, p.ldc, aOffset, p.aBatchStride, bOffset, p.bBatchStride, outOffset, p.outBatchStride)
          .bytes();
        ctx.dispatch(pipeline, uniforms, [a, b, out], [Math.ceil(n / tile.cols), Math.ceil(m / tile.rows), batch]);
      }
    }
  }
}
