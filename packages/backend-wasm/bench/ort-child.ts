/**
 * The onnxruntime-web side, run in a child process forked by ort.ts: onnxruntime-web fixes its
 * thread count (`ort.env.wasm.numThreads`) when it first initializes its wasm module, once per
 * process, so 1 and 2 threads need a process each.
 *
 * For each model it gets: create an InferenceSession (wasm execution provider, all graph
 * optimizations), run it once and check that `Y` equals our output within the tolerance — a
 * model that disagrees is not timed — then time `session.run({ X })` with `Y` read.
 *
 * Each model is timed in {@link ORT_SESSIONS} sessions, one after the other, and the faster one
 * counts: an onnxruntime-web session now and then runs the same model about 2× slower than the
 * next one in the same process (seen for its LSTM: 58 ms in most sessions, 131 ms in some), which
 * is no fault of the model; taking the better session gives the peer the benefit of the doubt.
 */
import * as ort from 'onnxruntime-web';
import { maxAbsDiff, type MatrixCell, type MeasureOptions } from '@rnn/bench';
import { errorMessage, ORT_SESSIONS, timeCellAsync } from './common.js';

export interface OrtJob {
  readonly name: string;
  /** The serialized .onnx model. */
  readonly model: Uint8Array;
  /** The input, time-major [T, B, I]. */
  readonly x: Float32Array;
  readonly dims: readonly number[];
  /** Our forward output [T, B, H] (= ONNX's Y [T, 1, B, H]), or null to skip the check. */
  readonly reference: Float32Array | null;
}

export interface OrtRequest {
  readonly numThreads: number;
  readonly plan: MeasureOptions;
  readonly tolerance: number;
  readonly jobs: readonly OrtJob[];
}

export interface OrtJobResult {
  readonly name: string;
  readonly cell: MatrixCell;
  /** max |Y − ours|, or null when it was not computed. */
  readonly diff: number | null;
}

export type OrtReply = { readonly ok: true; readonly version: string; readonly results: readonly OrtJobResult[] } | { readonly ok: false; readonly error: string };

/** One session of `job`: create, check, time, release. */
async function runSession(job: OrtJob, tolerance: number, plan: MeasureOptions): Promise<OrtJobResult> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(job.model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    return { name: job.name, cell: { missing: `failed: ${errorMessage(e)}` }, diff: null };
  }
  const x = new ort.Tensor('float32', job.x, [...job.dims]);
  const run = async (): Promise<Float32Array> => {
    const out = await session.run({ X: x });
    const y = out.Y;
    if (y === undefined) throw new Error('the model has no output Y');
    const data = y.data as Float32Array;
    y.dispose();
    return data;
  };
  let diff: number | null = null;
  let cell: MatrixCell;
  try {
    const y = await run();
    if (job.reference !== null) diff = maxAbsDiff(y, job.reference);
    cell =
      diff !== null && !(diff <= tolerance)
        ? { missing: `failed: output differs from ours by ${diff.toExponential(2)} (> ${tolerance}), not timed` }
        : await timeCellAsync(run, plan);
  } catch (e) {
    cell = { missing: `failed: ${errorMessage(e)}` };
  }
  await session.release();
  return { name: job.name, cell, diff };
}

/** `job` in {@link ORT_SESSIONS} sessions; the faster one, with a note when they differ much. */
async function runJob(job: OrtJob, tolerance: number, plan: MeasureOptions): Promise<OrtJobResult> {
  const runs: OrtJobResult[] = [];
  for (let i = 0; i < ORT_SESSIONS; i++) {
    const r = await runSession(job, tolerance, plan);
    if (!('stats' in r.cell)) return r; // a failure (or a wrong output) stands
    runs.push(r);
  }
  const medians = runs.map((r) => ('stats' in r.cell ? r.cell.stats.median : Number.POSITIVE_INFINITY));
  const best = runs[medians.indexOf(Math.min(...medians))]!;
  const slowest = Math.max(...medians);
  if (!('stats' in best.cell) || slowest <= 1.25 * best.cell.stats.median) return best;
  const note = `the faster of ${ORT_SESSIONS} sessions; the other took ${slowest.toFixed(slowest < 10 ? 2 : 1)} ms`;
  return { ...best, cell: { ...best.cell, note } };
}

async function serve(request: OrtRequest): Promise<OrtReply> {
  try {
    ort.env.wasm.numThreads = request.numThreads;
    ort.env.logLevel = 'error';
    const results: OrtJobResult[] = [];
    for (const job of request.jobs) results.push(await runJob(job, request.tolerance, request.plan));
    return { ok: true, version: ort.env.versions.web ?? 'unknown', results };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

process.once('message', (request: OrtRequest) => {
  void serve(request).then((reply) => {
    process.send?.(reply, () => {
      // onnxruntime's worker threads (2-thread runs) would keep the process alive.
      process.exit(0);
    });
  });
});
