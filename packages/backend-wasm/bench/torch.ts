/**
 * PyTorch on one native thread as a peer column: spawns bench/torch_rnn.py with `/usr/bin/python3`
 * (OMP/OpenBLAS/MKL pinned to one thread), hands it the same weights and inputs as raw float32
 * files in a temporary folder, and reads its timings back as JSON. Skipped, with the reason,
 * when `import torch` fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, type MatrixCell, type MeasureOptions, type Pass } from '@rnn/bench';
import { allPasses, errorMessage, type Case } from './common.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_rnn.py', import.meta.url));
const ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** null when torch imports, else why it cannot be used. */
export function torchUnavailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  if (probe.error !== undefined) return `${PYTHON} could not run: ${probe.error.message}`;
  if (probe.status !== 0) return `${PYTHON} -c "import torch" failed: ${(probe.stderr.trim().split('\n').pop() ?? '').slice(0, 120)}`;
  return null;
}

interface Timing {
  readonly samples: number[];
  readonly total_ms: number;
  readonly cpu_ms: number;
  readonly other_cores?: number;
}

interface TorchCase {
  readonly name: string;
  readonly error?: string;
  readonly max_abs_diff?: number;
  readonly forward?: Timing;
  readonly train?: Timing;
}

interface TorchReply {
  readonly torch: string;
  readonly threads: number;
  readonly capability: string | null;
  readonly cases: TorchCase[];
  readonly matmul?: Timing & { readonly n: number };
}

export interface TorchResults {
  readonly version: string;
  readonly threads: number;
  readonly capability: string | null;
  /** By case name (`Case.name('forward')`), then pass. */
  readonly cells: ReadonlyMap<string, Partial<Record<Pass, MatrixCell>>>;
  /** max |y − ours| by case name. */
  readonly diffs: ReadonlyMap<string, number>;
  readonly matmul: MatrixCell | null;
}

const cellOf = (t: Timing): MatrixCell => ({ stats: summarize(t.samples, 1, t.total_ms, { cpuMs: t.cpu_ms, ...(t.other_cores === undefined ? {} : { otherCores: t.other_cores }) }) });

function write(dir: string, name: string, data: Float32Array): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return path;
}

export interface TorchJob {
  readonly case: Case;
  readonly passes: readonly Pass[];
  /** Our forward output [T, B, H], for the check. */
  readonly reference: Float32Array | null;
}

/**
 * Runs torch_rnn.py on `jobs` (LSTM and reset-after GRU cases) and the n×n matmul (when `matmulN`
 * is given). Throws when the script fails as a whole; a case that fails on its own comes back as
 * a failed cell.
 */
export function runTorch(jobs: readonly TorchJob[], matmulN: number | null, plan: MeasureOptions): TorchResults {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-torch-'));
  try {
    const cases = jobs.map(({ case: c, passes, reference }, i) => {
      const w = c.weights;
      return {
        name: c.name('forward'),
        cell: w.cell,
        size: c.size,
        passes,
        files: {
          x: write(dir, `${i}.x`, c.x),
          weight_ih: write(dir, `${i}.w_ih`, w.weightIh),
          weight_hh: write(dir, `${i}.w_hh`, w.weightHh),
          bias_ih: write(dir, `${i}.b_ih`, w.biasIh),
          bias_hh: write(dir, `${i}.b_hh`, w.biasHh),
          ...(reference === null ? {} : { reference: write(dir, `${i}.ref`, reference) }),
        },
      };
    });
    const request = {
      plan: {
        warmup: plan.warmup ?? 1,
        min_warmup_ms: plan.minWarmupMs ?? 0,
        min_runs: plan.minRuns ?? 5,
        max_runs: plan.maxRuns ?? 1000,
        min_time_ms: plan.minTimeMs ?? 500,
      },
      cases,
      matmul: matmulN,
    };
    const child = spawnSync(PYTHON, [SCRIPT], { env: ENV, input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 20 * 60_000 });
    if (child.error !== undefined) throw child.error;
    if (child.status !== 0) throw new Error(`torch_rnn.py exited with ${child.status}: ${child.stderr.trim().split('\n').pop() ?? ''}`);
    const reply = JSON.parse(child.stdout) as TorchReply;
    const cells = new Map<string, Partial<Record<Pass, MatrixCell>>>();
    const diffs = new Map<string, number>();
    for (const r of reply.cases) {
      const job = jobs.find((j) => j.case.name('forward') === r.name);
      const passes = job?.passes ?? [];
      if (r.error !== undefined) {
        cells.set(r.name, allPasses({ missing: `failed: ${r.error}` }, passes));
        continue;
      }
      if (r.max_abs_diff !== undefined) diffs.set(r.name, r.max_abs_diff);
      const entry: Partial<Record<Pass, MatrixCell>> = {};
      if (r.forward !== undefined) entry.forward = cellOf(r.forward);
      if (r.train !== undefined) entry.train = cellOf(r.train);
      cells.set(r.name, entry);
    }
    return {
      version: reply.torch,
      threads: reply.threads,
      capability: reply.capability,
      cells,
      diffs,
      matmul: reply.matmul === undefined ? null : cellOf(reply.matmul),
    };
  } catch (e) {
    throw new Error(`PyTorch: ${errorMessage(e)}`, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
