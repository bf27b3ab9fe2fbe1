/**
 * `pnpm bench --backend webgpu`: @rnn/backend-webgpu against tfjs-backend-webgpu (tfjs-layers)
 * on the same adapter, and against our own wasm backend on one CPU thread, all in this one run:
 *
 * - LSTM and GRU (reset after: ours only; reset before: also tfjs-layers), forward and one
 *   training step (loss = mean of the outputs, gradients of the four weights read back, no
 *   optimizer), at the wasm bench's sizes small (16, 32, 32, 64), medium (32, 64, 128, 256),
 *   large (64, 128, 256, 512), plus h1024 (64, 128, 1024, 1024) and h2048 (64, 128, 2048, 2048).
 * - matmul 1024³ float32, in GFLOP/s.
 *
 * Ours on WebGPU is checked against ours on wasm (forward output; loss and every gradient): a
 * cell that disagrees is reported as failed, whatever its time. The adapter is printed first; on
 * a CPU adapter (lavapipe/llvmpipe, SwiftShader) the figures only show that it runs, and the
 * issue's GPU goals are marked not measurable.
 *
 *   pnpm bench --backend webgpu                                  # small, medium, large
 *   node --import tsx bench/run.ts --size small --only matmul    # a quick run
 *   node --import tsx bench/run.ts --size h1024 --only lstm --write
 *
 * Flags: --size small,medium,large,h1024,h2048|all (default small,medium,large), --only
 * lstm,gru,matmul, --skip tfjs,wasm (leave a column out), --json (stdout: only the JSON),
 * --write (also write bench/results.md).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BENCH_JSON_PREFIX,
  gflopsOf,
  goalMet,
  MATMUL_N,
  matmulFlops,
  nowMs,
  PASSES,
  recurrentFlops,
  renderReport,
  seeded,
  SIZES,
  sizeLabel,
  uniformArray,
  VARIANT_LABEL,
  type BenchRow,
  type MatrixCell,
  type MatrixColumn,
  type Pass,
  type Quantity,
  type Size,
  type SizeName,
  type Variant,
} from '@rnn/bench';
import { createWasmBackend } from '@rnn/backend-wasm';
import { create, globals } from 'webgpu';
import '../src/testing/setup.js'; // NODEVICE_SELECT, and SwiftShader where no lavapipe is installed
import { createWebGpuBackend, type WebGpuBackend } from '../src/index.js';
import {
  DEFAULT_SIZES,
  describe,
  errorMessage,
  makeCase,
  outputsDiff,
  PLAN_NOTE,
  progress,
  TOLERANCE,
  type Case,
  type Timed,
} from './common.js';
import { runOurCase, runOurMatmul } from './ours.js';
import { runTfjsCase, runTfjsMatmul, setUpTfjsWebGpu, TFJS_VERSIONS } from './tfjs.js';

/** The issue's goals, at h1024 on a real GPU; ratios oriented so that above 1 means ours is better. */
const GOALS = { trainVsWasm: 10, forwardVsOrtWebGpu: 2 } as const;
const GOAL_SIZE: SizeName = 'h1024';

type ColumnKey = 'webgpu' | 'tfjs' | 'wasm1';
const COLUMNS: readonly (MatrixColumn & { readonly key: ColumnKey })[] = [
  { key: 'webgpu', label: 'ours webgpu' },
  { key: 'tfjs', label: 'tfjs-webgpu' },
  { key: 'wasm1', label: 'ours wasm 1t' },
];
const LABEL = Object.fromEntries(COLUMNS.map((c) => [c.key, c.label])) as Record<ColumnKey, string>;

/** A cell during which other processes kept more cores than this busy on average gets a footnote. */
const OTHERS_ABOVE = 0.25;

type Only = 'lstm' | 'gru' | 'matmul';
type Skip = 'tfjs' | 'wasm';

interface Options {
  readonly sizes: readonly Size[];
  readonly only: ReadonlySet<Only>;
  readonly skip: ReadonlySet<Skip>;
  readonly json: boolean;
  readonly write: boolean;
}

const USAGE =
  'usage: node --import tsx bench/run.ts [--size small,medium,large,h1024,h2048|all] [--only lstm,gru,matmul] [--skip tfjs,wasm] [--json] [--write]';

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  return value.split(',').map((part) => {
    const p = part.trim();
    if (!(allowed as readonly string[]).includes(p)) throw new Error(`${flag}: expected ${allowed.join(', ')}, got "${p}"`);
    return p as T;
  });
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      size: { type: 'string', default: DEFAULT_SIZES.join(',') },
      only: { type: 'string', default: 'lstm,gru,matmul' },
      skip: { type: 'string' },
      json: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const names = Object.keys(SIZES) as SizeName[];
  const sizes = values.size === 'all' ? names : [...new Set(list('--size', values.size, names))];
  return {
    sizes: names.filter((n) => sizes.includes(n)).map((n) => SIZES[n]),
    only: new Set(list<Only>('--only', values.only, ['lstm', 'gru', 'matmul'])),
    skip: new Set(values.skip === undefined ? [] : list<Skip>('--skip', values.skip, ['tfjs', 'wasm'])),
    json: values.json,
    write: values.write,
  };
}

/** Every cell, by row name then column; the rows keep their order. */
class Results {
  readonly #rows = new Map<string, { flops: number; cells: Partial<Record<ColumnKey, MatrixCell>> }>();
  /** Max relative |Δ| of ours webgpu against ours wasm, by row. */
  readonly diffs = new Map<string, number>();
  /** Dispatches and submits of one ours-webgpu call, by row. */
  readonly work = new Map<string, string>();

  row(name: string, flops: number): void {
    this.#rows.set(name, { flops, cells: {} });
  }

  set(name: string, key: ColumnKey, cell: MatrixCell): void {
    this.#rows.get(name)!.cells[key] = cell;
  }

  get(name: string, key: ColumnKey): MatrixCell | undefined {
    return this.#rows.get(name)?.cells[key];
  }

  flops(name: string): number {
    return this.#rows.get(name)?.flops ?? 0;
  }

  names(): string[] {
    return [...this.#rows.keys()];
  }

  matrixRows(): { name: string; flops: number; cells: Partial<Record<ColumnKey, MatrixCell>> }[] {
    return [...this.#rows].map(([name, row]) => ({ name, ...row }));
  }
}

/** The adapter as the backend reports it, and whether it is a CPU one. */
interface AdapterFacts {
  readonly line: string;
  readonly cpu: boolean;
  readonly shaderF16: boolean;
}

function adapterFacts(backend: WebGpuBackend, shaderF16: boolean, fallback: boolean): AdapterFacts {
  const { vendor, architecture, device, description } = backend.info.adapter;
  const all = `${vendor} ${architecture} ${device} ${description}`;
  const cpu = fallback || /llvmpipe|lavapipe|swiftshader|software/i.test(all);
  const parts = [`description "${description || '?'}"`, `vendor "${vendor || '?'}"`, `architecture "${architecture || '?'}"`, `device "${device || '?'}"`];
  const line = `WebGPU adapter: ${parts.join(', ')}; shader-f16 ${shaderF16 ? 'offered (the bench runs float32)' : 'not offered'}; ${cpu ? 'a CPU adapter (software Vulkan): these figures only show that it runs' : 'a GPU adapter'}.`;
  return { line, cpu, shaderF16 };
}

/**
 * Checks `ours` (webgpu) against `reference` (wasm): past {@link TOLERANCE} the webgpu cell
 * becomes failed, time included in the message. Records the difference for the ratio rows.
 */
function checkOurs(results: Results, name: string, ours: Timed, reference: Timed | undefined): MatrixCell {
  if (reference === undefined || reference.outputs === null || ours.outputs === null) return ours.cell;
  const diff = outputsDiff(ours.outputs, reference.outputs);
  results.diffs.set(name, diff);
  if (diff <= TOLERANCE || !('stats' in ours.cell)) return ours.cell;
  process.exitCode = 1;
  return { missing: `failed: wrong output, max |Δ| vs ours wasm 1t = ${diff.toExponential(1)} (> ${TOLERANCE}; it ran in ${ours.cell.stats.median.toFixed(1)} ms)` };
}

/** A note on tfjs's cell when its output (forward) or loss (train step) differs from ours on wasm. */
function checkPeer(peer: Timed, reference: Timed | undefined, pass: Pass | 'matmul'): MatrixCell {
  if (reference === undefined || reference.outputs === null || peer.outputs === null || !('stats' in peer.cell)) return peer.cell;
  const diff = outputsDiff(peer.outputs, reference.outputs.slice(0, peer.outputs.length));
  if (diff <= TOLERANCE) return peer.cell;
  return { ...peer.cell, note: `its ${pass === 'train' ? 'loss' : 'output'} differs from ours (wasm 1t) by ${diff.toExponential(1)}` };
}

function say(key: ColumnKey, name: string, cell: MatrixCell): void {
  progress(`  ${LABEL[key].padEnd(13)} ${name}: ${describe(cell)}`);
}

/**
 * One line naming the cells during which other processes kept more than {@link OTHERS_ABOVE}
 * cores busy on average (the machine's CPU time minus this process's, which includes a CPU
 * adapter's threads), or null. A line, not a footnote per cell: on a shared machine it is most.
 */
function contentionLine(rows: ReturnType<Results['matrixRows']>): string | null {
  const hit: string[] = [];
  let worst = 0;
  let measured = 0;
  for (const row of rows) {
    for (const { key } of COLUMNS) {
      const cell = row.cells[key];
      if (cell === undefined || !('stats' in cell)) continue;
      measured++;
      const others = cell.stats.otherCores ?? 0;
      if (others <= OTHERS_ABOVE) continue;
      worst = Math.max(worst, others);
      hit.push(`${LABEL[key]} ${short(row.name)}`);
    }
  }
  if (hit.length === 0) return null;
  const which = hit.length <= 4 ? `: ${hit.join('; ')}` : ` of ${measured}`;
  return (
    `${hit.length} cell(s)${which} ran while other processes kept more than ${OTHERS_ABOVE} of this machine's ${os.cpus().length} cores busy (up to ${worst.toFixed(2)}; ` +
    "each cell's otherCores is in the JSON): those times are inflated, re-run on a quiet machine for numbers to quote."
  );
}

/** What a run holds. */
interface Run {
  readonly options: Options;
  readonly results: Results;
  readonly webgpu: WebGpuBackend;
  readonly wasm: Awaited<ReturnType<typeof createWasmBackend>> | null;
  /** Null when tfjs-webgpu runs, else why it does not. */
  readonly tfjsMissing: string | null;
}

async function runCase(run: Run, c: Case): Promise<void> {
  const { results, webgpu, wasm, tfjsMissing } = run;
  progress(`${VARIANT_LABEL[c.variant]}, ${sizeLabel(c.size)}`);
  const gpu = await runOurCase(webgpu, c, PASSES, () => webgpu.stats());
  const cpu = wasm === null ? undefined : await runOurCase(wasm, c, PASSES);
  const peer = tfjsMissing !== null || c.variant === 'gru-after' ? undefined : await runTfjsCase(c, PASSES);
  for (const pass of PASSES) {
    const name = c.name(pass);
    const cell = checkOurs(results, name, gpu[pass]!, cpu?.[pass]);
    if (gpu[pass]!.work !== undefined) results.work.set(name, gpu[pass]!.work);
    results.set(name, 'webgpu', cell);
    say('webgpu', name, cell);
    if (cpu !== undefined) {
      results.set(name, 'wasm1', cpu[pass]!.cell);
      say('wasm1', name, cpu[pass]!.cell);
    } else results.set(name, 'wasm1', { missing: 'skipped (--skip wasm)' });
    if (c.variant === 'gru-after') continue; // tfjs-layers has no reset-after GRU: no cell, no footnote
    if (peer !== undefined) {
      const p = checkPeer(peer[pass]!, cpu?.[pass], pass);
      results.set(name, 'tfjs', p);
      say('tfjs', name, p);
    } else results.set(name, 'tfjs', { missing: tfjsMissing ?? 'skipped' });
  }
}

async function runMatmul(run: Run, name: string): Promise<void> {
  const { results, webgpu, wasm, tfjsMissing } = run;
  progress(name);
  const next = seeded(99);
  const a = uniformArray(MATMUL_N * MATMUL_N, 1, next);
  const b = uniformArray(MATMUL_N * MATMUL_N, 1, next);
  const gpu = await runOurMatmul(webgpu, MATMUL_N, a, b, () => webgpu.stats());
  if (gpu.work !== undefined) results.work.set(name, gpu.work);
  const cpu = wasm === null ? undefined : await runOurMatmul(wasm, MATMUL_N, a, b);
  const cell = checkOurs(results, name, gpu, cpu);
  results.set(name, 'webgpu', cell);
  say('webgpu', name, cell);
  results.set(name, 'wasm1', cpu?.cell ?? { missing: 'skipped (--skip wasm)' });
  if (cpu !== undefined) say('wasm1', name, cpu.cell);
  if (tfjsMissing === null) {
    const p = checkPeer(await runTfjsMatmul(MATMUL_N, a, b), cpu, 'matmul');
    results.set(name, 'tfjs', p);
    say('tfjs', name, p);
  } else results.set(name, 'tfjs', { missing: tfjsMissing });
}

function quantity(results: Results, name: string, key: ColumnKey, throughput: boolean): Quantity | null {
  const cell = results.get(name, key);
  if (cell === undefined || !('stats' in cell)) return null;
  return throughput ? { value: gflopsOf(results.flops(name), cell.stats.median), unit: 'GFLOP/s', stats: cell.stats } : { value: cell.stats.median, unit: 'ms', stats: cell.stats };
}

const short = (name: string): string => name.replace(/ \(\d+, \d+, \d+, \d+\)/, '');

/** Ours webgpu ÷ tfjs-webgpu and ours webgpu ÷ ours wasm 1t for every row; the goal on the h1024 LSTM train row when the adapter is a GPU. */
function ratioRows(results: Results, cases: readonly Case[], matmul: string | null, gpuAdapter: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  const push = (name: string, peer: ColumnKey, throughput: boolean, goal?: number): void => {
    const diff = peer === 'wasm1' ? results.diffs.get(name) : undefined;
    const work = peer === 'wasm1' ? results.work.get(name) : undefined;
    const note = [diff === undefined ? null : `max |Δ| ${diff.toExponential(1)}`, work ?? null].filter((n) => n !== null).join('; ');
    rows.push({
      name: `${short(name)}: ${LABEL.webgpu} vs ${LABEL[peer]}`,
      ours: quantity(results, name, 'webgpu', throughput),
      peer: quantity(results, name, peer, throughput),
      better: throughput ? 'higher' : 'lower',
      ...(goal === undefined ? {} : { goal }),
      ...(note === '' ? {} : { note }),
    });
  };
  for (const c of cases) {
    for (const pass of PASSES) {
      const name = c.name(pass);
      if (c.variant !== 'gru-after') push(name, 'tfjs', false);
      const goal = gpuAdapter && c.variant === 'lstm' && pass === 'train' && c.size.name === GOAL_SIZE ? GOALS.trainVsWasm : undefined;
      push(name, 'wasm1', false, goal);
    }
  }
  if (matmul !== null) {
    push(matmul, 'tfjs', true);
    push(matmul, 'wasm1', true);
  }
  return rows;
}

/** The issue's goals, one line each: evaluated on a GPU adapter at h1024, otherwise why not. */
function goalLines(results: Results, cases: readonly Case[], facts: AdapterFacts): string[] {
  const noGpu = `not measurable here: no GPU adapter (${facts.line.match(/description "([^"]*)"/)?.[1] ?? 'a CPU adapter'})`;
  const lstm = cases.find((c) => c.variant === 'lstm' && c.size.name === GOAL_SIZE);
  let train: string;
  if (facts.cpu) train = noGpu;
  else if (lstm === undefined) train = `not measured: run with --size ${GOAL_SIZE} --only lstm`;
  else {
    const name = lstm.name('train');
    const ours = quantity(results, name, 'webgpu', false);
    const peer = quantity(results, name, 'wasm1', false);
    const row: BenchRow = { name, ours, peer, better: 'lower', goal: GOALS.trainVsWasm };
    const met = goalMet(row);
    train = met === null ? 'not measured (a cell failed or was skipped)' : `${met ? 'met' : 'missed'}: ${(peer!.value / ours!.value).toFixed(2)}×`;
  }
  const ort = `${facts.cpu ? `${noGpu}; and ` : ''}not measured by this Node bench: onnxruntime-web's WebGPU execution provider runs in a browser, so it needs a browser bench`;
  return [
    `Goal (issue): one LSTM training step at B=64 T=128 I=H=1024 ≥ ${GOALS.trainVsWasm}× faster on WebGPU than on our wasm backend on the CPU (ours wasm 1t): ${train}.`,
    `Goal (issue): LSTM forward at B=64 T=128 I=H=1024 ≥ ${GOALS.forwardVsOrtWebGpu}× faster than onnxruntime-web's WebGPU provider in the same browser: ${ort}.`,
  ];
}

/**
 * How long h1024/h2048 would take when not run: each of their cells is about 2 calls (one
 * untimed, one timed, once calls pass 10 s) at the best GFLOP/s this run measured in that
 * column on the recurrent rows (the matmul's when only it ran).
 */
function estimateLines(results: Results, options: Options, variants: readonly Variant[]): string[] {
  const missing = (['h1024', 'h2048'] as const).filter((n) => !options.sizes.some((s) => s.name === n));
  if (missing.length === 0) return [];
  const available = `Sizes h1024 (64, 128, 1024, 1024) and h2048 (64, 128, 2048, 2048) are available: --size ${missing.join(',')} (or --size all).`;
  const best = new Map<ColumnKey, number>();
  const rows = results.matrixRows();
  const recurrent = rows.filter((r) => !r.name.startsWith('matmul'));
  for (const row of recurrent.length > 0 ? recurrent : rows) {
    for (const { key } of COLUMNS) {
      const cell = row.cells[key];
      if (cell !== undefined && 'stats' in cell) best.set(key, Math.max(best.get(key) ?? 0, gflopsOf(row.flops, cell.stats.median)));
    }
  }
  const minutes = (size: Size): number | null => {
    let ms = 0;
    for (const { key } of COLUMNS) {
      const rate = best.get(key);
      if (rate === undefined) {
        if (key === 'webgpu') return null;
        continue;
      }
      for (const v of variants) {
        if (key === 'tfjs' && v === 'gru-after') continue;
        for (const pass of PASSES) ms += (2 * recurrentFlops(v, size, pass)) / (rate * 1e6);
      }
    }
    return ms / 60_000;
  };
  const parts: string[] = [];
  for (const n of missing) {
    const m = minutes(SIZES[n]);
    if (m !== null && m > 0) parts.push(`${n} ≈ ${m < 10 ? m.toFixed(1) : m.toFixed(0)} min`);
  }
  if (parts.length === 0) return [available];
  const rates = COLUMNS.filter((c) => best.has(c.key)).map((c) => `${c.label} ${best.get(c.key)!.toFixed(1)}`);
  return [
    `${available} Here they would take about ${parts.join(', ')} for the same --only and columns, at the best GFLOP/s each column reached ${recurrent.length > 0 ? 'on the LSTM/GRU rows' : 'on the matmul'} of this run (${rates.join(', ')}); ` +
      'a rough guide: throughput changes with size. --skip tfjs shortens it most on a CPU adapter.',
  ];
}

/**
 * Dawn's GPU, for tfjs's navigator and the adapter facts. Module-level and used by main(), so it
 * stays reachable for the whole run: `webgpu` 0.6 crashes when it is collected while a device lives (src/gpu.ts).
 */
const dawn = create([]);

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${errorMessage(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const start = nowMs();
  const adapter = await dawn.requestAdapter();
  let webgpu: WebGpuBackend;
  try {
    webgpu = await createWebGpuBackend();
  } catch (e) {
    console.error(`bench: no WebGPU backend: ${errorMessage(e)}`);
    process.exitCode = 1;
    return;
  }
  const fallback = (adapter?.info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true;
  const facts = adapterFacts(webgpu, adapter?.features.has('shader-f16') ?? false, fallback);
  progress(facts.line);
  progress(`Node ${process.version}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores`);

  const wasm = options.skip.has('wasm') ? null : await createWasmBackend({ threads: 1 });
  const tfjsMissing = options.skip.has('tfjs') ? 'skipped (--skip tfjs)' : await setUpTfjsWebGpu(dawn, globals as Record<string, unknown>);
  if (tfjsMissing !== null) progress(`tfjs-webgpu: ${tfjsMissing}`);

  const variants: Variant[] = [...(options.only.has('lstm') ? (['lstm'] as const) : []), ...(options.only.has('gru') ? (['gru-after', 'gru-before'] as const) : [])];
  const cases = options.sizes.flatMap((size) => variants.map((v) => makeCase(v, size)));
  const results = new Results();
  for (const c of cases) for (const pass of PASSES) results.row(c.name(pass), recurrentFlops(c.variant, c.size, pass));
  const matmul = options.only.has('matmul') ? `matmul ${MATMUL_N}³ float32` : null;
  if (matmul !== null) results.row(matmul, matmulFlops(MATMUL_N));
  progress(`@rnn/backend-webgpu bench: sizes ${options.sizes.map((s) => s.name).join(', ')}; ${[...options.only].join(', ')}`);

  const run: Run = { options, results, webgpu, wasm, tfjsMissing: tfjsMissing === null ? null : tfjsMissing.startsWith('skipped') ? tfjsMissing : `failed: ${tfjsMissing}` };
  if (matmul !== null) await runMatmul(run, matmul);
  for (const c of cases) await runCase(run, c);

  const rows = results.matrixRows();
  const contended = contentionLine(rows);
  const ratios = ratioRows(results, cases, matmul, !facts.cpu);
  const seconds = (nowMs() - start) / 1e3;
  const failed = rows.reduce((n, r) => n + Object.values(r.cells).filter((c) => 'missing' in c && c.missing.startsWith('failed')).length, 0);
  const notes = [
    'Each cell: median ms per call / GFLOP/s. FLOPs are analytic: per step 2·B·(I+H)·gates·H for the two GEMMs plus the gate math (B·H·21 LSTM, B·H·16 GRU); a train step counts 3× the forward; matmul 2n³.',
    'forward: `layer.call(x)` on the whole [T, B] sequence, zero initial state, output read back with `await data()`. train step: `variableGrads(() => mean(layer.forward(x)), layer.parameters())`, the loss and the four gradients read back in one `readAll`; no optimizer. ' +
      'Ours webgpu and ours wasm 1t run the same code (@rnn/layers LSTM/GRU; createWebGpuBackend() / createWasmBackend({ threads: 1 })).',
    `Checks: ours webgpu against ours wasm 1t (forward output; loss and every gradient), max |Δ| relative to the reference's largest magnitude (when above 1) in the ratio rows' notes; over ${TOLERANCE} the webgpu cell is failed. tfjs's output and loss are checked the same way (a footnote when they differ). ` +
      'The same notes give the dispatches and submits of one ours-webgpu call (the fused sequence kernels run a whole sequence in a few dispatches and one submit).',
    `tfjs ${TFJS_VERSIONS.core}: tf.layers.lstm / tf.layers.gru (tfjs-layers ${TFJS_VERSIONS.layers}, recurrentActivation 'sigmoid', the same weights) on tfjs-backend-webgpu ${TFJS_VERSIONS.core} in Node through Dawn (the webgpu package), the same adapter; train step = tf.variableGrads of the same loss. ` +
      `tfjs-layers' GRU is reset-before only, so the "GRU (reset after)" rows have no tfjs cell.`,
    PLAN_NOTE,
    ...goalLines(results, cases, facts),
    ...estimateLines(results, options, variants),
  ];
  if (wasm === null) notes.push("--skip wasm: ours webgpu's outputs were not checked in this run.");
  if (contended !== null) notes.push(contended);
  if (failed > 0) notes.push(`${failed} cell(s) failed (see their footnotes): a kernel threw or computed a wrong result; re-run when it is fixed.`);
  notes.push(`Took ${seconds.toFixed(0)} s.`);

  const rendered = renderReport({
    title: `@rnn/backend-webgpu vs tfjs-webgpu and ours on wasm — ${options.sizes.map((s) => s.name).join(', ')}`,
    rows: ratios,
    matrix: { columns: COLUMNS, rows, corner: 'case (median ms / GFLOP/s)' },
    labels: { ours: 'ours webgpu', peer: 'peer' },
    notes,
    format: 'markdown',
    json: {
      package: '@rnn/backend-webgpu',
      adapter: webgpu.info.adapter,
      cpuAdapter: facts.cpu,
      shaderF16Offered: facts.shaderF16,
      sizes: options.sizes,
      only: [...options.only],
      skip: [...options.skip],
      tolerance: TOLERANCE,
      goals: GOALS,
      versions: TFJS_VERSIONS,
      seconds,
    },
  });
  // The adapter right under the machine line, so a reader sees first what was measured.
  const lines = [...rendered.lines];
  const machine = lines.findIndex((l) => l.startsWith(rendered.json.env.cpu));
  lines.splice(machine + 1, 0, '', facts.line);
  if (options.json) {
    for (const line of lines) progress(line);
    console.log(JSON.stringify(rendered.json));
  } else {
    for (const line of lines) console.log(line);
    console.log('');
    console.log(BENCH_JSON_PREFIX + JSON.stringify(rendered.json));
  }
  if (options.write) {
    const path = fileURLToPath(new URL('./results.md', import.meta.url));
    const command = `node --import tsx bench/run.ts ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`.trim();
    writeFileSync(path, `<!-- written by \`${command}\`; paste into README.md as needed -->\n\n${lines.join('\n')}\n`);
    progress(`wrote ${path}`);
  }
  wasm?.destroy();
  webgpu.destroy();
}

await main();
