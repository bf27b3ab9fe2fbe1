/**
 * `pnpm bench` for @rnn/backend-wasm: our wasm backend (1 and 2 threads) and our cpu backend
 * against tfjs (wasm and cpu backends, tfjs-layers), onnxruntime-web (1 and 2 threads),
 * brain.js and PyTorch (one native thread), all measured in this one run, side by side:
 *
 * - LSTM and GRU, forward and one training step (forward, loss = mean of the outputs, backward
 *   to all four weights, gradients read back; no optimizer — except brain.js, whose `train`
 *   always applies its RMSprop update), at sizes (B, T, I, H) small (16, 32, 32, 64),
 *   medium (32, 64, 128, 256) and large (64, 128, 256, 512). The GRU comes in both forms:
 *   reset after the recurrent matmul (PyTorch's, our default; PyTorch and onnxruntime
 *   `linear_before_reset=1` compute it) and reset before (Cho et al.'s; tfjs-layers, brain.js and
 *   onnxruntime `linear_before_reset=0` compute it).
 * - matmul 1024³ float32.
 *
 * Each cell is the median time per call and the GFLOP/s it means (FLOPs counted analytically,
 * see `recurrentFlops` in @rnn/bench's recurrent.ts); the ratios against the goals follow, all
 * from this run. Every library gets the same weights and inputs, and onnxruntime's, tfjs's and
 * PyTorch's forward outputs are checked against ours (onnxruntime's must agree within 1e-4 or it
 * is not timed).
 *
 *   pnpm bench                                   # medium, everything (a few minutes on 2 cores)
 *   node --import tsx bench/run.ts --size small  # a quick run
 *   node --import tsx bench/run.ts --size all --only lstm --write
 *   node --import tsx bench/run.ts --json | jq .
 *
 * Flags: --size small|medium|large|all (default medium), --only lstm|gru|matmul (comma-separated
 * for several), --json (stdout: only the JSON object), --write (also write bench/results.md),
 * --slow (include our cpu backend, tfjs-cpu and brain.js at large: minutes per case).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BENCH_JSON_PREFIX,
  formatNumber,
  gflopsOf,
  goalMet,
  MATMUL_N,
  matmulFlops,
  nowMs,
  parallelism,
  PASSES,
  recurrentFlops,
  renderReport,
  SIZES,
  sizeLabel,
  VARIANT_LABEL,
  type BenchRow,
  type MatrixCell,
  type MatrixColumn,
  type MatrixRow,
  type Quantity,
  type Size,
  type SizeName,
  type Variant,
} from '@rnn/bench';
import { BRAIN_VERSION, runBrainCase } from './brain.js';
import {
  allPasses,
  describe,
  FAST_PLAN,
  makeCase,
  OFFERED_SIZES,
  ORT_SESSIONS,
  progress,
  ONCE_PLAN,
  SLOW_PLAN,
  SLOW_WARMED_PLAN,
  type Case,
  type PassCells,
  type PassPlan,
} from './common.js';
import { ortJob, runOrt } from './ort.js';
import { createOurBackends, describeBackend, runOurCase, runOurMatmul } from './ours.js';
import { runTfjsCase, runTfjsMatmul, setUpTfjs, TFJS_VERSIONS, useTfjs, type TfjsBackendName, type TfjsSetup } from './tfjs.js';
import { runTorch, torchUnavailable, type TorchJob } from './torch.js';

/** ORT must match our output this closely before it is timed; the others get a note past it. */
const TOLERANCE = 1e-4;

/** The goals, as ratios oriented so that above 1 means ours is better. */
const GOALS = {
  forwardVsOrt: 1.5,
  trainVsTfjsWasm: 20,
  /** "within 2× of PyTorch": PyTorch's time / ours ≥ 0.5. */
  trainVsTorch: 0.5,
  matmulVsTfjsWasm: 1.15,
  /** Only at large. */
  twoThreads: 1.7,
} as const;

type ColumnKey = 'wasm1' | 'wasm2' | 'cpu' | 'tfjsWasm' | 'tfjsCpu' | 'ort1' | 'ort2' | 'brain' | 'torch';

const COLUMNS: readonly (MatrixColumn & { readonly key: ColumnKey })[] = [
  { key: 'wasm1', label: 'ours wasm 1t' },
  { key: 'wasm2', label: 'ours wasm 2t' },
  { key: 'cpu', label: 'ours cpu' },
  { key: 'tfjsWasm', label: 'tfjs-wasm' },
  { key: 'tfjsCpu', label: 'tfjs-cpu' },
  { key: 'ort1', label: 'ORT-web 1t' },
  { key: 'ort2', label: 'ORT-web 2t' },
  { key: 'brain', label: 'brain.js' },
  { key: 'torch', label: 'PyTorch 1t' },
];
const LABEL = Object.fromEntries(COLUMNS.map((c) => [c.key, c.label])) as Record<ColumnKey, string>;

/** Columns that run on one thread: their busy cores should be about 1. */
const SINGLE_THREADED: readonly ColumnKey[] = ['wasm1', 'cpu', 'tfjsWasm', 'tfjsCpu', 'ort1', 'brain', 'torch'];

/** A single-threaded cell with fewer busy cores than this waited for the CPU: other processes competed. */
const CONTENDED_BELOW = 0.85;

/** A cell during which other processes kept more cores than this busy on average competed for the CPU. */
const OTHERS_ABOVE = 0.25;

/** A cell whose median is this much above its fastest run (with ≥ 3 runs) was unstable. */
const UNSTABLE_ABOVE = 1.25;

/** Implementations too slow at large for a run of minutes (seconds to minutes per call). */
const SLOW_AT_LARGE: readonly ColumnKey[] = ['cpu', 'tfjsCpu', 'brain'];

type Only = 'lstm' | 'gru' | 'matmul';

interface Options {
  readonly sizes: readonly Size[];
  readonly only: ReadonlySet<Only>;
  readonly json: boolean;
  readonly write: boolean;
  readonly slow: boolean;
}

const USAGE = 'usage: node --import tsx bench/run.ts [--size small|medium|large|all] [--only lstm|gru|matmul[,…]] [--json] [--write] [--slow]';

function parseOptions(argv: readonly string[]): Options {
  // `pnpm bench -- --size small` may pass the `--` through.
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      size: { type: 'string', default: 'medium' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      slow: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const size = values.size;
  const names = OFFERED_SIZES;
  if (size !== 'all' && !names.includes(size as SizeName)) throw new Error(`--size: expected small, medium, large or all, got "${size}"`);
  const sizes = size === 'all' ? names.map((n) => SIZES[n]) : [SIZES[size as SizeName]];
  const only = new Set<Only>();
  for (const part of (values.only ?? 'lstm,gru,matmul').split(',')) {
    const p = part.trim();
    if (p !== 'lstm' && p !== 'gru' && p !== 'matmul') throw new Error(`--only: expected lstm, gru or matmul, got "${p}"`);
    only.add(p);
  }
  return { sizes, only, json: values.json, write: values.write, slow: values.slow };
}

/** Every cell of the run, by row name then column. */
class Results {
  readonly #rows = new Map<string, { flops?: number; cells: Partial<Record<ColumnKey, MatrixCell>> }>();

  row(name: string, flops?: number): void {
    if (!this.#rows.has(name)) this.#rows.set(name, { ...(flops === undefined ? {} : { flops }), cells: {} });
  }

  set(name: string, key: ColumnKey, cell: MatrixCell | undefined): void {
    if (cell === undefined) return;
    const row = this.#rows.get(name);
    if (row === undefined) throw new Error(`bench: no row "${name}"`);
    row.cells[key] = cell;
  }

  setPasses(c: Case, key: ColumnKey, cells: PassCells): void {
    for (const pass of PASSES) this.set(c.name(pass), key, cells[pass]);
  }

  get(name: string, key: ColumnKey): MatrixCell | undefined {
    return this.#rows.get(name)?.cells[key];
  }

  /** Adds `note` to a measured cell's note; returns whether there was such a cell. */
  annotate(name: string, key: ColumnKey, note: string): boolean {
    const row = this.#rows.get(name);
    const cell = row?.cells[key];
    if (row === undefined || cell === undefined || !('stats' in cell)) return false;
    row.cells[key] = { ...cell, note: cell.note === undefined ? note : `${cell.note}; ${note}` };
    return true;
  }

  names(): string[] {
    return [...this.#rows.keys()];
  }

  matrixRows(): MatrixRow[] {
    return [...this.#rows].map(([name, { flops, cells }]) => ({ name, ...(flops === undefined ? {} : { flops }), cells }));
  }
}

function say(label: string, name: string, cell: MatrixCell | undefined): void {
  if (cell !== undefined) progress(`  ${label.padEnd(13)} ${name}: ${describe(cell)}`);
}

function sayPasses(label: string, c: Case, cells: PassCells): void {
  for (const pass of PASSES) say(label, c.name(pass), cells[pass]);
}

const skippedAtLarge = (key: ColumnKey): MatrixCell => ({
  missing: `skipped at large: ${key === 'brain' ? 'batch-1 pure JavaScript' : key === 'cpu' ? 'pure TypeScript' : 'pure JavaScript'}, tens of seconds to minutes per call (--slow runs it)`,
});

/**
 * The plan for an implementation at a size, per pass (see common.ts): the fast plan for ours on
 * wasm, ORT and PyTorch; few runs for calls of seconds (our cpu backend, tfjs-wasm's training
 * step and its forward at large, tfjs-cpu, brain.js); no warm-up where setup already ran the pass
 * (tfjs's forward builds its weights, brain.js trains once before it can run) or where calls take
 * seconds of JavaScript (tfjs-cpu); one call for tfjs-wasm's training step at large.
 */
function planFor(key: ColumnKey, size: Size): PassPlan {
  const large = size.name === 'large';
  return (pass) => {
    switch (key) {
      case 'tfjsWasm':
        if (pass === 'forward') return large ? SLOW_WARMED_PLAN : FAST_PLAN;
        return large ? ONCE_PLAN : SLOW_PLAN;
      case 'tfjsCpu':
        return SLOW_WARMED_PLAN;
      case 'brain':
        return pass === 'train' ? SLOW_WARMED_PLAN : SLOW_PLAN;
      case 'cpu':
        return SLOW_PLAN;
      default:
        return FAST_PLAN;
    }
  };
}

/** What the sections of a run share. */
interface Run {
  readonly options: Options;
  readonly cases: readonly Case[];
  readonly results: Results;
  /** Our wasm 1t forward outputs (the first of ours that ran): every other library is checked against them. */
  readonly references: Map<Case, Float32Array>;
  /** Lines under the tables, in the order the sections ran. */
  readonly notes: string[];
  /** The matmul row's name, or null when --only leaves it out. */
  readonly matmul: string | null;
}

/** Whether `key` is left out at `size` (the slow implementations at large, unless --slow). */
const skipped = (run: Run, key: ColumnKey, size: Size): boolean => size.name === 'large' && !run.options.slow && SLOW_AT_LARGE.includes(key);

/** Ours: wasm 1 thread (its forward output becomes the reference), wasm 2 threads, cpu. Returns whether the fused sequence kernels ran. */
async function runOurs(run: Run): Promise<boolean> {
  const { cases, results, references, notes, matmul } = run;
  const ours = await createOurBackends();
  for (const c of cases) {
    progress(`${VARIANT_LABEL[c.variant]}, ${sizeLabel(c.size)}`);
    for (const b of ours) {
      if (skipped(run, b.key, c.size)) {
        results.setPasses(c, b.key, allPasses(skippedAtLarge(b.key)));
        continue;
      }
      const reference = references.get(c) ?? null;
      const { cells, output } = runOurCase(b, c, PASSES, planFor(b.key, c.size), reference, TOLERANCE);
      if (reference === null && output !== null) references.set(c, output);
      results.setPasses(c, b.key, cells);
      sayPasses(b.label, c, cells);
    }
  }
  if (matmul !== null) {
    progress(matmul);
    for (const b of ours.filter((o) => o.key !== 'cpu')) {
      const cell = runOurMatmul(b, MATMUL_N, FAST_PLAN);
      results.set(matmul, b.key, cell);
      say(b.label, matmul, cell);
    }
  }
  const fused = typeof ours[0]!.backend.rnnSequence === 'function';
  for (const b of ours) {
    const sequences = b.key === 'cpu' ? '' : `; fused sequence kernels: ${typeof b.backend.rnnSequence === 'function' ? 'yes' : 'no (LSTM/GRU run the composed per-step path)'}`;
    notes.push(`${b.label}: ${describeBackend(b)}${sequences}.`);
  }
  notes.push("ours wasm 2t vs 1t: the ratio rows' notes give the busy cores of the 2-thread runs (process CPU time / wall time over the timed runs: 1.00 = one core busy, 2.00 = both).");
  for (const b of ours) b.backend.destroy();
  return fused;
}

/** tfjs-layers on tfjs-backend-wasm, then on tfjs-backend-cpu. */
async function runTfjs(run: Run): Promise<TfjsSetup> {
  const { cases, results, references, notes, matmul } = run;
  const tfjs = await setUpTfjs();
  const backends: readonly [TfjsBackendName, ColumnKey][] = [
    ['wasm', 'tfjsWasm'],
    ['cpu', 'tfjsCpu'],
  ];
  for (const [name, key] of backends) {
    await useTfjs(name);
    for (const c of cases) {
      if (c.variant === 'gru-after') continue;
      if (skipped(run, key, c.size)) {
        results.setPasses(c, key, allPasses(skippedAtLarge(key)));
        continue;
      }
      const cells = runTfjsCase(c, PASSES, planFor(key, c.size), references.get(c) ?? null, TOLERANCE);
      results.setPasses(c, key, cells);
      sayPasses(LABEL[key], c, cells);
    }
    if (matmul !== null) {
      // tfjs-cpu: about 2.7 s per call; its first call is as fast as the next.
      const cell = runTfjsMatmul(MATMUL_N, key === 'tfjsCpu' ? SLOW_WARMED_PLAN : FAST_PLAN);
      results.set(matmul, key, cell);
      say(LABEL[key], matmul, cell);
    }
  }
  await useTfjs('cpu');
  notes.push(
    `tfjs ${TFJS_VERSIONS.core}: tf.layers.lstm / tf.layers.gru (tfjs-layers ${TFJS_VERSIONS.layers}, recurrentActivation 'sigmoid') given the same weights; ` +
      `tfjs-backend-wasm ${TFJS_VERSIONS.wasm} ${tfjs.wasmSimd ? 'with SIMD (tfjs-backend-wasm-simd.wasm, XNNPACK)' : 'WITHOUT SIMD'}, 1 thread` +
      `${tfjs.wasmThreads ? ' (pinned)' : ' (its threaded build needs web workers; Node has none it can use)'}; tfjs-backend-cpu ${TFJS_VERSIONS.cpu} is pure JavaScript. ` +
      `train step = tf.variableGrads of the same loss, no optimizer. tfjs-layers' GRU is reset-before only (it throws on resetAfter: true), so it has only the "GRU (reset before)" rows.`,
  );
  return tfjs;
}

/** onnxruntime-web: forward only, one child process per thread count. */
async function runOrtColumns(run: Run): Promise<void> {
  const { cases, results, references, notes } = run;
  if (cases.length === 0) return;
  const jobs = cases.map((c) => ortJob(c, references.get(c) ?? null));
  const columns: readonly [number, ColumnKey][] = [
    [1, 'ort1'],
    [2, 'ort2'],
  ];
  let version = '?';
  const diffs: string[] = [];
  for (const [threads, key] of columns) {
    progress(`onnxruntime-web, ${threads} thread${threads === 1 ? '' : 's'}: ${jobs.length} models`);
    const reply = await runOrt(threads, jobs, FAST_PLAN, TOLERANCE);
    if (!reply.ok) {
      for (const c of cases) results.set(c.name('forward'), key, { missing: `failed: ${reply.error}` });
      progress(`  ${LABEL[key]} failed: ${reply.error}`);
      continue;
    }
    version = reply.version;
    for (const r of reply.results) {
      results.set(r.name, key, r.cell);
      say(LABEL[key], r.name, r.cell);
      if (threads === 1 && r.diff !== null) diffs.push(`${r.name.replace(' forward', '')}: ${r.diff.toExponential(1)}`);
    }
  }
  notes.push(
    `onnxruntime-web ${version} (wasm execution provider, its SIMD build ort-wasm-simd-threaded.wasm, graph optimizations 'all'), forward only: the same weights exported to an ONNX model ` +
      `with one standard LSTM node (gates i,o,f,c; W, R, B = Wb‖Rb) or GRU node (gates z,r,h; linear_before_reset = 1 for reset-after, 0 for reset-before), built with onnx-proto; ` +
      `each process sets ort.env.wasm.numThreads once (onnxruntime-web reads it when it initializes). Each model is timed in ${ORT_SESSIONS} sessions and the faster counts ` +
      `(a session now and then runs the same model ~2× slower; a footnote says when). Max |Y − ours| before timing (must be ≤ ${TOLERANCE}): ${diffs.join('; ') || 'not checked'}.`,
  );
}

/** brain.js: LSTM and the reset-before GRU. */
function runBrain(run: Run): void {
  const { cases, results, notes } = run;
  if (cases.length === 0) return;
  for (const c of cases) {
    if (c.variant === 'gru-after') continue;
    if (skipped(run, 'brain', c.size)) {
      results.setPasses(c, 'brain', allPasses(skippedAtLarge('brain')));
      continue;
    }
    const cells = runBrainCase(c, PASSES, planFor('brain', c.size));
    results.setPasses(c, 'brain', cells);
    sayPasses(LABEL.brain, c, cells);
  }
  notes.push(
    `brain.js ${BRAIN_VERSION} (LSTMTimeStep / GRUTimeStep, hiddenLayers [H], outputSize I) has no batches and loads no weights: forward = run() on each of the B sequences; ` +
      `train step = train(sequences, { iterations: 1 }): per sequence the T−1 next-step predictions through its H→I output layer, backprop and its RMSprop update (it cannot leave the update out). ` +
      `Its GRU is reset-before. Its GFLOP/s use the same count as everyone (its output layer is not counted).`,
  );
}

/** PyTorch on one native thread (LSTM, its reset-after GRU, the matmul), or why not. */
function runTorchColumn(run: Run): void {
  const { cases, results, references, notes, matmul } = run;
  const jobs: TorchJob[] = cases.filter((c) => c.variant !== 'gru-before').map((c) => ({ case: c, passes: PASSES, reference: references.get(c) ?? null }));
  if (jobs.length === 0 && matmul === null) return;
  const fail = (missing: MatrixCell): void => {
    for (const j of jobs) results.setPasses(j.case, 'torch', allPasses(missing));
    if (matmul !== null) results.set(matmul, 'torch', missing);
  };
  const why = torchUnavailable();
  if (why !== null) {
    fail({ missing: `skipped: ${why}` });
    notes.push(`PyTorch skipped: ${why}.`);
    progress(`PyTorch skipped: ${why}`);
    return;
  }
  progress(`PyTorch: ${jobs.length} cases${matmul === null ? '' : ' and the matmul'} (bench/torch_rnn.py)`);
  try {
    const torch = runTorch(jobs, matmul === null ? null : MATMUL_N, FAST_PLAN);
    const diffs: string[] = [];
    for (const j of jobs) {
      const name = j.case.name('forward');
      const cells = torch.cells.get(name) ?? {};
      results.setPasses(j.case, 'torch', cells);
      sayPasses(LABEL.torch, j.case, cells);
      const d = torch.diffs.get(name);
      if (d !== undefined) diffs.push(`${name.replace(' forward', '')}: ${d.toExponential(1)}`);
    }
    if (matmul !== null && torch.matmul !== null) {
      results.set(matmul, 'torch', torch.matmul);
      say(LABEL.torch, matmul, torch.matmul);
    }
    notes.push(
      `PyTorch ${torch.version} (torch.set_num_threads(${torch.threads}), OMP/OpenBLAS/MKL_NUM_THREADS=1${torch.capability === null ? '' : `, CPU capability ${torch.capability}`}), spawned as bench/torch_rnn.py: ` +
        `nn.LSTM / nn.GRU (reset-after) with the same weights; forward under torch.inference_mode(); train step = y.mean().backward(), no optimizer. Max |y − ours|: ${diffs.join('; ') || 'not checked'}.`,
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    fail({ missing: `failed: ${message}` });
    progress(`PyTorch failed: ${message}`);
  }
}

/** Footnotes every suspect cell (see {@link contention}); returns how many. */
function flagSuspectCells(results: Results): number {
  let flagged = 0;
  for (const name of results.names()) {
    for (const { key } of COLUMNS) {
      const why = contention(results.get(name, key), SINGLE_THREADED.includes(key));
      if (why !== null && results.annotate(name, key, why)) flagged++;
    }
  }
  return flagged;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const start = nowMs();
  const variants: Variant[] = [
    ...(options.only.has('lstm') ? (['lstm'] as const) : []),
    ...(options.only.has('gru') ? (['gru-after', 'gru-before'] as const) : []),
  ];
  const cases: Case[] = options.sizes.flatMap((size) => variants.map((v) => makeCase(v, size)));
  const results = new Results();
  for (const c of cases) for (const pass of PASSES) results.row(c.name(pass), recurrentFlops(c.variant, c.size, pass));
  const matmul = options.only.has('matmul') ? `matmul ${MATMUL_N}³ float32` : null;
  if (matmul !== null) results.row(matmul, matmulFlops(MATMUL_N));
  const run: Run = { options, cases, results, references: new Map(), notes: [], matmul };
  progress(`@rnn/backend-wasm bench: sizes ${options.sizes.map((s) => s.name).join(', ')}; ${[...options.only].join(', ')}`);

  const fused = await runOurs(run);
  const tfjs = await runTfjs(run);
  await runOrtColumns(run);
  runBrain(run);
  runTorchColumn(run);

  const { notes } = run;
  const flagged = flagSuspectCells(results);
  if (flagged > 0) {
    notes.push(
      `${flagged} cell(s) ran while other processes competed for this machine's ${os.cpus().length} cores, or varied a lot between runs (see their footnotes): re-run on a quiet machine for numbers to quote.`,
    );
  }
  const ratios = ratioRows(results, cases, matmul);
  const seconds = (nowMs() - start) / 1e3;
  const withGoal = ratios.filter((r) => r.goal !== undefined);
  notes.unshift(
    'Each cell: median ms per call / GFLOP/s. FLOPs are analytic: per step 2·B·(I+H)·gates·H for the two GEMMs plus the gate math (B·H·21 for an LSTM, B·H·16 for a GRU); ' +
      'a train step counts 3× the forward (forward + backward to the weights and inputs); matmul 2n³.',
    'forward: the whole [T, B] sequence, zero initial state, output read back. train step: forward, loss = mean of all outputs, backward to weight_ih, weight_hh, bias_ih, bias_hh, all read back; no optimizer (brain.js excepted, see below).',
    `GRU (reset after) is PyTorch's GRU and our default; GRU (reset before) is our GRU({ resetAfter: false }), the only form tfjs-layers and brain.js compute. ORT runs both (linear_before_reset 1 / 0).`,
    `Runs: ours on wasm, ORT-web, PyTorch and tfjs-wasm's forward warm up for ≥ ${FAST_PLAN.minWarmupMs} ms and ≥ ${FAST_PLAN.warmup} calls, then take ≥ ${FAST_PLAN.minRuns} runs and ≥ ${FAST_PLAN.minTimeMs} ms (≤ ${FAST_PLAN.maxRuns} runs). ` +
      `Calls of seconds — our cpu backend, tfjs-wasm's train step, tfjs-cpu, brain.js — get 1 warm-up (none for tfjs-cpu, whose calls are seconds of JIT-compiled JavaScript, nor where setup already ran the pass), ` +
      `then runs until ${(SLOW_PLAN.minTimeMs ?? 0) / 1000} s have passed: a single run for calls over ${(SLOW_PLAN.minTimeMs ?? 0) / 1000} s; tfjs-wasm's train step at large: 1 run. The JSON has every cell's run count.`,
  );
  notes.push(`Goals met: ${withGoal.filter((r) => goalMet(r) === true).length} of ${withGoal.length} rows with a goal. Took ${seconds.toFixed(0)} s.`);
  if (!fused) notes.push('Re-run when the fused sequence kernels and the worker pool land: the wasm columns measure whatever the backend does now.');

  const rendered = renderReport({
    title: `@rnn/backend-wasm vs tfjs, onnxruntime-web, brain.js and PyTorch — ${options.sizes.map((s) => s.name).join(', ')}`,
    rows: ratios,
    matrix: { columns: COLUMNS, rows: results.matrixRows(), corner: 'case (median ms / GFLOP/s)' },
    labels: { ours: 'ours', peer: 'peer' },
    notes,
    format: 'markdown',
    json: {
      package: '@rnn/backend-wasm',
      sizes: options.sizes,
      only: [...options.only],
      tolerance: TOLERANCE,
      goals: GOALS,
      versions: { ...TFJS_VERSIONS, brain: BRAIN_VERSION },
      tfjsWasmSimd: tfjs.wasmSimd,
      seconds,
    },
  });
  if (options.json) {
    for (const line of rendered.lines) progress(line);
    console.log(JSON.stringify(rendered.json));
  } else {
    for (const line of rendered.lines) console.log(line);
    console.log('');
    console.log(BENCH_JSON_PREFIX + JSON.stringify(rendered.json));
  }
  if (options.write) {
    const path = fileURLToPath(new URL('./results.md', import.meta.url));
    const command = `node --import tsx bench/run.ts ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`.trim();
    writeFileSync(path, `<!-- written by \`${command}\`; paste into README.md as needed -->\n\n${rendered.lines.join('\n')}\n`);
    progress(`wrote ${path}`);
  }
}

/**
 * Why a measured cell's time is suspect, or null: other processes kept more than
 * {@link OTHERS_ABOVE} cores busy meanwhile (the machine's CPU time minus the measuring
 * process's), or a single-threaded run was on the CPU less than {@link CONTENDED_BELOW} of the time.
 */
function contention(cell: MatrixCell | undefined, singleThreaded: boolean): string | null {
  if (cell === undefined || !('stats' in cell)) return null;
  const others = cell.stats.otherCores;
  if (others !== undefined && others > OTHERS_ABOVE) return `other processes kept ${others.toFixed(2)} cores busy meanwhile, the time is inflated`;
  const busy = parallelism(cell.stats);
  if (singleThreaded && busy !== null && busy < CONTENDED_BELOW) return `on the CPU only ${busy.toFixed(2)} of the time (other processes competed), the time is inflated`;
  const { median, min, runs } = cell.stats;
  if (runs >= 3 && median > UNSTABLE_ABOVE * min) return `unstable: median ${formatNumber(median)} ms but fastest run ${formatNumber(min)} ms (the VM's neighbours, or a slow phase); re-run before quoting it`;
  return null;
}

/** Busy cores on average (process CPU time / wall time) over a cell's timed runs, as `1.93`; null when unknown. */
function busyCores(results: Results, name: string, key: ColumnKey): string | null {
  const cell = results.get(name, key);
  const p = cell === undefined || !('stats' in cell) ? null : parallelism(cell.stats);
  return p === null ? null : p.toFixed(2);
}

/** A quantity (ms, lower is better; or GFLOP/s for the matmul) from a cell, or null. */
function quantity(results: Results, name: string, key: ColumnKey, flops?: number): Quantity | null {
  const cell = results.get(name, key);
  if (cell === undefined || !('stats' in cell)) return null;
  return flops === undefined ? { value: cell.stats.median, unit: 'ms', stats: cell.stats } : { value: gflopsOf(flops, cell.stats.median), unit: 'GFLOP/s', stats: cell.stats };
}

function ratioRows(results: Results, cases: readonly Case[], matmulName: string | null): BenchRow[] {
  const rows: BenchRow[] = [];
  const push = (name: string, ours: ColumnKey, peer: ColumnKey, goal: number | undefined, flops?: number): void => {
    const short = name.replace(/ \(\d+, \d+, \d+, \d+\)/, '');
    const busy = ours === 'wasm2' ? busyCores(results, name, ours) : null;
    rows.push({
      name: `${short}: ${LABEL[ours]} vs ${LABEL[peer]}`,
      ours: quantity(results, name, ours, flops),
      peer: quantity(results, name, peer, flops),
      better: flops === undefined ? 'lower' : 'higher',
      ...(goal === undefined ? {} : { goal }),
      ...(busy === null ? {} : { note: `2t busy cores ${busy}` }),
    });
  };
  for (const c of cases) {
    const fwd = c.name('forward');
    const train = c.name('train');
    push(fwd, 'wasm1', 'ort1', GOALS.forwardVsOrt);
    if (c.variant !== 'gru-after') push(train, 'wasm1', 'tfjsWasm', GOALS.trainVsTfjsWasm);
    if (c.variant !== 'gru-before') push(train, 'wasm1', 'torch', GOALS.trainVsTorch);
  }
  for (const c of cases) {
    for (const pass of PASSES) push(c.name(pass), 'wasm2', 'wasm1', c.size.name === 'large' ? GOALS.twoThreads : undefined);
  }
  if (matmulName !== null) {
    const flops = matmulFlops(MATMUL_N);
    push(matmulName, 'wasm1', 'tfjsWasm', GOALS.matmulVsTfjsWasm, flops);
    push(matmulName, 'wasm2', 'wasm1', undefined, flops);
    push(matmulName, 'wasm1', 'torch', undefined, flops);
  }
  return rows;
}

await main();
