/**
 * The cpu backend against tfjs's pure-JavaScript cpu backend (`@tensorflow/tfjs-backend-cpu`),
 * both measured in this one process run:
 *
 * - matmul GFLOP/s (2·n³ / median time) for square float32 inputs, ours and tfjs;
 * - matmul GFLOP/s in float64, ours only (tfjs has no float64);
 * - the cost of one tiny op (`add` of two [8] tensors, `tanh` of [8]) in µs per call.
 *
 * Every timed call reads its result back (`dataSync`) or at least completes eagerly, and disposes
 * what it made. Inputs are seeded-random and identical for both libraries.
 *
 *   pnpm bench                                    # n = 256, 512, 1024 (about a minute)
 *   node --import tsx bench/run.ts --sizes 256,512  # a quick run
 */
import { parseArgs } from 'node:util';
import { measure, nowMs, quietTfjsBanner, report, type BenchRow, type MeasureOptions, type Stats } from '@rnn/bench';
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu'; // registers the 'cpu' backend
import { add, createCpuBackend, Generator, matmul, setBackend, tanh, uniform, type DType, type Tensor } from '../src/index.js';

const SEED = 1234;
const DEFAULT_SIZES = [256, 512, 1024];

function parseSizes(argv: readonly string[]): number[] {
  // `pnpm bench -- --sizes 256` may pass the `--` through.
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: { sizes: { type: 'string' } }, strict: true });
  if (values.sizes === undefined) return DEFAULT_SIZES;
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: expected comma-separated positive integers, got "${values.sizes}"`);
  }
  return sizes;
}

/** Progress on stderr, so stdout holds only the report. */
function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A few runs for big products (tfjs needs ~3 s for 1024³ here), more for small ones. */
function matmulPlan(n: number): MeasureOptions {
  return n >= 1024 ? { warmup: 1, minRuns: 2, maxRuns: 3, minTimeMs: 3000 } : { warmup: 2, minRuns: 3, minTimeMs: 1500 };
}

/** Tiny ops: batches of 1000 calls, after enough calls for the JIT to settle. */
const OP_PLAN: MeasureOptions = { warmup: 5000, batch: 1000, minRuns: 5, minTimeMs: 1000 };

const gflops = (n: number, s: Stats): number => (2 * n ** 3) / (s.median * 1e6);
const micros = (s: Stats): number => s.median * 1e3;

/** Two seeded-random n×n matrices in [-1, 1). */
function inputs(n: number, dtype: DType): [Tensor, Tensor] {
  const generator = new Generator(SEED);
  return [uniform([n, n], { generator, dtype, low: -1, high: 1 }), uniform([n, n], { generator, dtype, low: -1, high: 1 })];
}

/** The same values as a tfjs float32 tensor. */
function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(t.dataSync(), [...t.shape], 'float32');
}

function matmulRows(sizes: readonly number[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const plan = matmulPlan(n);
    const [a, b] = inputs(n, 'float32');
    const [ta, tb] = [toTf(a), toTf(b)];
    const ours = measure(() => {
      const c = matmul(a, b);
      c.dataSync();
      c.dispose();
    }, plan);
    progress(`matmul f32 ${n}: ours ${gflops(n, ours).toFixed(2)} GFLOP/s (${ours.runs} runs)`);
    const peer = measure(() => {
      const c = tf.matMul(ta, tb);
      c.dataSync();
      c.dispose();
    }, plan);
    progress(`matmul f32 ${n}: tfjs ${gflops(n, peer).toFixed(2)} GFLOP/s (${peer.runs} runs)`);
    a.dispose();
    b.dispose();
    tf.dispose([ta, tb]);
    rows.push({
      name: `matmul f32 ${n}×${n}`,
      ours: { value: gflops(n, ours), unit: 'GFLOP/s', stats: ours },
      peer: { value: gflops(n, peer), unit: 'GFLOP/s', stats: peer },
      better: 'higher',
    });
  }
  for (const n of sizes) {
    const [a, b] = inputs(n, 'float64');
    const ours = measure(() => {
      const c = matmul(a, b);
      c.dataSync();
      c.dispose();
    }, matmulPlan(n));
    progress(`matmul f64 ${n}: ours ${gflops(n, ours).toFixed(2)} GFLOP/s (${ours.runs} runs)`);
    a.dispose();
    b.dispose();
    rows.push({
      name: `matmul f64 ${n}×${n}`,
      ours: { value: gflops(n, ours), unit: 'GFLOP/s', stats: ours },
      peer: null,
      better: 'higher',
      note: 'tfjs has no float64',
    });
  }
  return rows;
}

function opRows(): BenchRow[] {
  const generator = new Generator(SEED);
  const x = uniform([8], { generator, low: -1, high: 1 });
  const y = uniform([8], { generator, low: -1, high: 1 });
  const [tx, ty] = [toTf(x), toTf(y)];
  const cases: [string, () => unknown, () => unknown][] = [
    ['add f32 [8]+[8]', () => { add(x, y).dispose(); }, () => { tf.add(tx, ty).dispose(); }],
    ['tanh f32 [8]', () => { tanh(x).dispose(); }, () => { tf.tanh(tx).dispose(); }],
  ];
  const rows: BenchRow[] = [];
  for (const [name, oursFn, peerFn] of cases) {
    const ours = measure(oursFn, OP_PLAN);
    const peer = measure(peerFn, OP_PLAN);
    progress(`${name}: ours ${micros(ours).toFixed(2)} µs, tfjs ${micros(peer).toFixed(2)} µs`);
    rows.push({
      name,
      ours: { value: micros(ours), unit: 'µs/op', stats: ours },
      peer: { value: micros(peer), unit: 'µs/op', stats: peer },
      better: 'lower',
      note: 'op + dispose',
    });
  }
  x.dispose();
  y.dispose();
  tf.dispose([tx, ty]);
  return rows;
}

const USAGE = 'usage: node --import tsx bench/run.ts [--sizes 256,512,1024]';

async function main(): Promise<void> {
  let sizes: number[];
  try {
    sizes = parseSizes(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const start = nowMs();
  setBackend(createCpuBackend());
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend did not initialize');
  quietTfjsBanner(tf);

  const rows = [...matmulRows(sizes), ...opRows()];
  const seconds = (nowMs() - start) / 1e3;
  report({
    title: `@rnn/tensor cpu backend vs @tensorflow/tfjs-backend-cpu ${version_cpu} (same process; median of runs)`,
    rows,
    labels: { ours: '@rnn/tensor cpu', peer: `tfjs-cpu ${version_cpu}` },
    notes: [
      'matmul: square n×n float inputs, GFLOP/s = 2·n³ / median time; each run reads the result back (dataSync) and disposes it.',
      'op rows: one op on [8] float32 tensors plus the dispose of its result, timed in batches of 1000 calls.',
      `Took ${seconds.toFixed(0)} s.`,
    ],
    json: { package: '@rnn/tensor', peer: `@tensorflow/tfjs-backend-cpu@${version_cpu}`, tfjsCore: tf.version_core, sizes, seed: SEED, seconds },
  });
}

await main();
