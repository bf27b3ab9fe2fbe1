/**
 * Our LSTM and GRU layers against tfjs-layers on its pure-JavaScript cpu backend and against
 * brain.js, all measured in this one process run, at B=32 sequences of T=64 steps, 128 input
 * features, 256 hidden units, float32 — the forward pass and one training step of each:
 *
 * - **ours** (`LSTM`, `GRU` from ../src on the @rnn/tensor cpu backend, time-major [T, B, I]):
 *   forward = `layer.call(x)` with the output read back (`dataSync`); training step =
 *   `variableGrads(() => sum(mul(layer.forward(x), gy)), layer.parameters())` with every
 *   gradient read back. Everything is disposed each call, and the bench checks that the live
 *   handle count (`numHandles`) is the same before and after each case.
 * - **tfjs-cpu** (`tf.layers.lstm` / `tf.layers.gru`, `returnSequences: true`, batch-major
 *   [B, T, I]): forward = `layer.apply(x)` read back; training step = `tf.variableGrads` of the
 *   same loss with every gradient read back; `tf.memory().numTensors` is checked the same way.
 * - **brain.js** (`recurrent.LSTMTimeStep` / `GRUTimeStep`, hiddenLayers [256], outputSize 128):
 *   it has no batches, so forward = `net.run(sequence)` for each of the 32 sequences, and a
 *   training step = `net.train(sequences, { iterations: 1 })`, which for each sequence in turn
 *   runs the 63 next-step predictions (LSTM + a 256→128 output layer), backpropagates through
 *   them and applies an RMSprop update: 32 forward/backward/update rounds of batch 1.
 *
 * Like for like: the GRU rows compare our `GRU({ resetAfter: false })`, the form both peers
 * compute (tfjs-layers refuses `resetAfter: true`; brain.js has only Cho et al.'s form); our
 * default reset-after GRU (PyTorch's form) gets rows of its own. tfjs runs with
 * `recurrentActivation: 'sigmoid'` (its default is the cheaper hard sigmoid) so that every
 * library computes the same gates.
 *
 * tfjs and brain.js take seconds per call here, so they get 1 warm-up and 2 timed runs.
 *
 *   pnpm bench                                  # T = 64 (about 2–3 minutes on 2 cores)
 *   node --import tsx bench/run.ts --quick      # T = 16, a smoke run (under a minute)
 *   node --import tsx bench/run.ts --steps 32   # any T
 */
import { parseArgs } from 'node:util';
import { measure, nowMs, quietTfjsBanner, report, trainableVariables, type BenchRow, type MeasureOptions, type Stats } from '@rnn/bench';
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu'; // registers tfjs's 'cpu' backend
import * as tfl from '@tensorflow/tfjs-layers';
import { recurrent as brain } from 'brain.js';
import {
  createCpuBackend,
  dispose,
  Generator,
  mul,
  numHandles,
  setBackend,
  sum,
  transpose,
  uniform,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { GRU, LSTM, type Recurrent } from '../src/index.js';

const SEED = 1234;
const BATCH = 32;
const INPUT = 128;
const HIDDEN = 256;
const DEFAULT_STEPS = 64;
const QUICK_STEPS = 16;
/** The speed-up our issue asks for, over both peers, for every forward and training-step row. */
const GOAL = 4;
const BRAIN_VERSION = '2.0.0-beta.24';

/** Ours: tens to hundreds of ms per call; enough runs for a stable median. */
const OURS_PLAN: MeasureOptions = { warmup: 1, minRuns: 5, maxRuns: 20, minTimeMs: 2000 };
/** The peers: seconds per call, so 1 warm-up and exactly 2 timed runs. */
const PEER_PLAN: MeasureOptions = { warmup: 1, minRuns: 2, maxRuns: 2, minTimeMs: 0 };

type Cell = 'LSTM' | 'GRU';
type Pass = 'forward' | 'train step';
const PASSES: readonly Pass[] = ['forward', 'train step'];

interface Options {
  readonly steps: number;
}

function parseOptions(argv: readonly string[]): Options {
  // `pnpm bench -- --quick` may pass the `--` through.
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { quick: { type: 'boolean' }, steps: { type: 'string' } },
    strict: true,
  });
  if (values.steps !== undefined) {
    const steps = Number(values.steps);
    if (!Number.isInteger(steps) || steps < 2) throw new Error(`--steps: expected an integer ≥ 2, got "${values.steps}"`);
    return { steps };
  }
  return { steps: values.quick === true ? QUICK_STEPS : DEFAULT_STEPS };
}

/** Progress on stderr, so stdout holds only the report. */
function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120);

/** A measurement, or why there is none. */
type Outcome = { readonly stats: Stats; readonly leak?: string } | { readonly error: string };

/** The same input and output cotangent for every library, in each one's layout. */
interface Inputs {
  /** Time-major [T, B, I] (ours). */
  readonly x: Tensor;
  /** Time-major [T, B, H] (ours). */
  readonly gy: Tensor;
  /** Batch-major [B, T, I] (tfjs). */
  readonly tx: tf.Tensor;
  /** Batch-major [B, T, H] (tfjs). */
  readonly tgy: tf.Tensor;
  /** 32 sequences of T steps of 128 numbers (brain.js). */
  readonly sequences: number[][][];
}

function makeInputs(steps: number): Inputs {
  const generator = new Generator(SEED);
  const x = uniform([steps, BATCH, INPUT], { generator, low: -1, high: 1 });
  const gy = uniform([steps, BATCH, HIDDEN], { generator, low: -1, high: 1 });
  const batchMajor = (t: Tensor): Float32Array => {
    const bm = transpose(t, 0, 1);
    const data = Float32Array.from(bm.dataSync());
    bm.dispose();
    return data;
  };
  const xData = batchMajor(x);
  const sequences = Array.from({ length: BATCH }, (_, b) =>
    Array.from({ length: steps }, (_, s) => Array.from(xData.subarray((b * steps + s) * INPUT, (b * steps + s + 1) * INPUT))),
  );
  return {
    x,
    gy,
    tx: tf.tensor(xData, [BATCH, steps, INPUT], 'float32'),
    tgy: tf.tensor(batchMajor(gy), [BATCH, steps, HIDDEN], 'float32'),
    sequences,
  };
}

/** Times `fn` and checks that a live-object counter (handles, tensors) is the same afterwards. */
function measureFlat(fn: () => unknown, plan: MeasureOptions, live: () => number, what: string): Outcome {
  try {
    const before = live();
    const stats = measure(fn, plan);
    const grown = live() - before;
    if (grown === 0) return { stats };
    progress(`  LEAK: ${what} grew by ${grown} over ${plan.warmup ?? 1} + ${stats.runs} calls`);
    process.exitCode = 1;
    return { stats, leak: `LEAK: +${grown} ${what}` };
  } catch (e) {
    return { error: message(e) };
  }
}

function say(label: string, pass: Pass, outcome: Outcome): void {
  const text = 'error' in outcome ? `failed: ${outcome.error}` : `${outcome.stats.median.toFixed(1)} ms (median of ${outcome.stats.runs})`;
  progress(`${label} ${pass}: ${text}`);
}

/** Our layer's forward pass and training step. */
function oursCases(layer: Recurrent, { x, gy }: Inputs): Record<Pass, Outcome> {
  const params = layer.parameters();
  const forward = (): void => {
    const { output, state } = layer.call(x);
    output.dataSync();
    dispose([output, ...state]);
  };
  const trainStep = (): void => {
    const { value, grads } = variableGrads(() => sum(mul(layer.forward(x), gy)), params);
    if (grads.size !== params.length) throw new Error(`expected ${params.length} gradients, got ${grads.size}`);
    value.dataSync();
    for (const g of grads.values()) g.dataSync();
    dispose([value, ...grads.values()]);
  };
  return {
    forward: measureFlat(forward, OURS_PLAN, () => numHandles(), 'handles'),
    'train step': measureFlat(trainStep, OURS_PLAN, () => numHandles(), 'handles'),
  };
}

/** `layer.apply` on a concrete tensor runs eagerly and returns a tensor; narrow its wide return type. */
function applyEager(layer: tfl.layers.Layer, x: tf.Tensor): tf.Tensor {
  const y = layer.apply(x);
  if (!(y instanceof tf.Tensor)) throw new Error('tfjs-layers: apply on a tensor did not return one tensor');
  return y;
}

function tfjsCases(cell: Cell, { tx, tgy }: Inputs): Record<Pass, Outcome> {
  let layer: tfl.layers.Layer;
  try {
    const common = {
      units: HIDDEN,
      returnSequences: true,
      recurrentActivation: 'sigmoid' as const,
      // tfjs's default 'orthogonal' recurrent initializer is slow and warns at this size; the
      // initial values do not change the timings.
      recurrentInitializer: 'glorotUniform' as const,
    };
    // tfjs-layers' GRU is always reset-before (it throws on the cell's resetAfter: true).
    layer = cell === 'LSTM' ? tfl.layers.lstm(common) : tfl.layers.gru(common);
    // The first call builds the weights; it is also the forward pass's warm-up.
    tf.tidy(() => {
      applyEager(layer, tx).dataSync();
    });
  } catch (e) {
    const error = { error: message(e) };
    return { forward: error, 'train step': error };
  }
  const vars = trainableVariables(layer, (t): t is tf.Variable => t instanceof tf.Variable);
  const forward = (): void => {
    tf.tidy(() => {
      applyEager(layer, tx).dataSync();
    });
  };
  const trainStep = (): void => {
    const { value, grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(applyEager(layer, tx), tgy)), vars);
    const list = Object.values(grads);
    if (list.length !== vars.length) throw new Error(`expected ${vars.length} gradients, got ${list.length}`);
    value.dataSync();
    for (const g of list) g.dataSync();
    tf.dispose([value, ...list]);
  };
  const tensors = (): number => tf.memory().numTensors;
  const result = {
    forward: measureFlat(forward, { ...PEER_PLAN, warmup: 0 }, tensors, 'tensors'),
    'train step': measureFlat(trainStep, PEER_PLAN, tensors, 'tensors'),
  };
  layer.dispose();
  return result;
}

function brainCases(cell: Cell, { sequences }: Inputs): Record<Pass, Outcome> {
  const options = { inputSize: INPUT, hiddenLayers: [HIDDEN], outputSize: INPUT };
  const train = (net: InstanceType<typeof brain.RNNTimeStep>): void => {
    const { error } = net.train(sequences, { iterations: 1 });
    if (!Number.isFinite(error)) throw new Error(`brain.js: training error is ${error}`);
  };
  let net: InstanceType<typeof brain.RNNTimeStep>;
  try {
    net = cell === 'LSTM' ? new brain.LSTMTimeStep(options) : new brain.GRUTimeStep(options);
    // `run` refuses an untrained net, so the training step's warm-up comes first, here.
    train(net);
  } catch (e) {
    const error = { error: message(e) };
    return { forward: error, 'train step': error };
  }
  const forward = (): void => {
    for (const sequence of sequences) {
      if (net.run(sequence).length !== INPUT) throw new Error('brain.js: unexpected run output');
    }
  };
  const none = (): number => 0; // plain JS objects; nothing to count
  return {
    forward: measureFlat(forward, PEER_PLAN, none, ''),
    'train step': measureFlat(() => { train(net); }, { ...PEER_PLAN, warmup: 0 }, none, ''),
  };
}

interface Peer {
  readonly key: 'tfjs' | 'brain';
  readonly label: string;
}

const PEERS: readonly Peer[] = [
  { key: 'tfjs', label: `tfjs-cpu ${version_cpu}` },
  { key: 'brain', label: `brain.js ${BRAIN_VERSION}` },
];

const ms = (o: Outcome): BenchRow['ours'] => ('error' in o ? null : { value: o.stats.median, unit: 'ms', stats: o.stats });

function rowNote(ours: Outcome, peer: Outcome, peerLabel: string): string | undefined {
  const notes: string[] = [];
  if ('error' in ours) notes.push(`ours failed: ${ours.error}`);
  else if (ours.leak !== undefined) notes.push(`ours ${ours.leak}`);
  if ('error' in peer) notes.push(`${peerLabel} failed: ${peer.error}`);
  else if (peer.leak !== undefined) notes.push(`${peerLabel} ${peer.leak}`);
  return notes.length === 0 ? undefined : notes.join('; ');
}

const USAGE = 'usage: node --import tsx bench/run.ts [--quick | --steps T]';

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${message(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { steps } = options;
  const start = nowMs();
  setBackend(createCpuBackend());
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend did not initialize');
  quietTfjsBanner(tf);
  const inputs = makeInputs(steps);
  const shape = `B${BATCH} T${steps} I${INPUT} H${HIDDEN}`;
  progress(`@rnn/layers bench: ${shape} float32`);

  const rows: BenchRow[] = [];
  const cells: readonly [Cell, string, () => Recurrent][] = [
    ['LSTM', 'LSTM', () => new LSTM({ inputSize: INPUT, hiddenSize: HIDDEN, generator: new Generator(0) })],
    ['GRU', 'GRU (reset before)', () => new GRU({ inputSize: INPUT, hiddenSize: HIDDEN, resetAfter: false, generator: new Generator(0) })],
  ];
  for (const [cell, name, make] of cells) {
    const layer = make();
    const ours = oursCases(layer, inputs);
    layer.dispose();
    for (const pass of PASSES) say(`${name} ours`, pass, ours[pass]);
    const tfjs = tfjsCases(cell, inputs);
    for (const pass of PASSES) say(`${name} ${PEERS[0]!.label}`, pass, tfjs[pass]);
    const brainJs = brainCases(cell, inputs);
    for (const pass of PASSES) say(`${name} ${PEERS[1]!.label}`, pass, brainJs[pass]);
    const peers = { tfjs, brain: brainJs };
    for (const pass of PASSES) {
      for (const peer of PEERS) {
        const note = rowNote(ours[pass], peers[peer.key][pass], peer.label);
        rows.push({
          name: `${name} ${pass} vs ${peer.label}`,
          ours: ms(ours[pass]),
          peer: ms(peers[peer.key][pass]),
          better: 'lower',
          ...(note === undefined ? {} : { note }),
        });
      }
    }
  }

  // Our default GRU (PyTorch's reset-after form): no peer computes it.
  const gru = new GRU({ inputSize: INPUT, hiddenSize: HIDDEN, generator: new Generator(0) });
  const resetAfter = oursCases(gru, inputs);
  gru.dispose();
  for (const pass of PASSES) {
    say('GRU (reset after) ours', pass, resetAfter[pass]);
    const o = resetAfter[pass];
    const note = 'error' in o ? `ours failed: ${o.error}` : (o.leak ?? 'our default (PyTorch); no peer has it');
    rows.push({ name: `GRU (reset after) ${pass}`, ours: ms(o), peer: null, better: 'lower', note });
  }
  dispose([inputs.x, inputs.gy]);
  tf.dispose([inputs.tx, inputs.tgy]);

  const compared = rows.filter((r) => r.ours !== null && r.peer !== null);
  const met = compared.filter((r) => r.peer!.value / r.ours!.value >= GOAL);
  const seconds = (nowMs() - start) / 1e3;
  report({
    title: `@rnn/layers LSTM/GRU (cpu backend) vs tfjs-layers on tfjs-backend-cpu ${version_cpu} and brain.js ${BRAIN_VERSION}, ${shape} float32 (same process; median ms per call)`,
    rows,
    labels: { ours: '@rnn/layers ms', peer: 'peer ms' },
    notes: [
      `forward: the whole [T, B] sequence, outputs read back. train step: forward + backward of sum(output·gy), every weight gradient read back.`,
      `brain.js has no batches: forward = run() on each of the ${BATCH} sequences; train step = train(seqs, { iterations: 1 }), i.e. per sequence ${steps - 1} next-step predictions (plus its 256→128 output layer), backprop and an RMSprop update.`,
      `GRU rows vs peers use our resetAfter: false (the only form tfjs-layers and brain.js have); tfjs uses recurrentActivation 'sigmoid' to match.`,
      `ours: ${OURS_PLAN.warmup} warm-up + ≥${OURS_PLAN.minRuns} runs; peers: 1 warm-up + 2 runs. Goal ≥ ${GOAL}× vs both peers: met on ${met.length} of ${compared.length} rows.`,
      `Took ${seconds.toFixed(0)} s.`,
    ],
    json: {
      package: '@rnn/layers',
      peers: [`@tensorflow/tfjs-layers@${tfl.version_layers}`, `@tensorflow/tfjs-backend-cpu@${version_cpu}`, `brain.js@${BRAIN_VERSION}`],
      batch: BATCH,
      steps,
      inputSize: INPUT,
      hiddenSize: HIDDEN,
      dtype: 'float32',
      seed: SEED,
      goal: GOAL,
      goalMet: `${met.length}/${compared.length}`,
      seconds,
    },
  });
}

await main();
