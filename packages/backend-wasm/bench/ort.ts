/**
 * onnxruntime-web, forward only: each case's weights exported to an ONNX model with a standard
 * `LSTM` / `GRU` node (onnx-model.ts), run by ort-child.ts in a child process per thread count.
 * The child checks that ORT's output equals ours within the tolerance before it times anything.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MeasureOptions } from '@rnn/bench';
import { buildRecurrentModel } from './onnx-model.js';
import type { OrtJob, OrtReply, OrtRequest } from './ort-child.js';
import type { Case } from './common.js';

const CHILD = fileURLToPath(new URL('./ort-child.ts', import.meta.url));

/** A child that has not answered in this long is killed and its cells marked failed. */
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

export function ortJob(c: Case, reference: Float32Array | null): OrtJob {
  const { batch: B, steps: T, input: I } = c.size;
  return { name: c.name('forward'), model: buildRecurrentModel(c.weights, T, B), x: c.x, dims: [T, B, I], reference };
}

/**
 * Runs `jobs` in a fresh child process with onnxruntime-web on `numThreads` threads. Node's
 * `advanced` IPC serialization carries the typed arrays (models, inputs, references) as they are.
 */
export function runOrt(numThreads: number, jobs: readonly OrtJob[], plan: MeasureOptions, tolerance: number): Promise<OrtReply> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const finish = (reply: OrtReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const timer = setTimeout(() => {
      child.kill();
      finish({ ok: false, error: `no answer in ${CHILD_TIMEOUT_MS / 1000} s` });
    }, CHILD_TIMEOUT_MS);
    child.once('message', (reply: OrtReply) => { finish(reply); });
    child.once('error', (e) => { finish({ ok: false, error: e.message }); });
    child.once('exit', (code, signal) => { finish({ ok: false, error: `the child exited (${signal ?? `code ${code}`}) without an answer` }); });
    const request: OrtRequest = { numThreads, plan, tolerance, jobs };
    child.send(request);
  });
}
