/**
 * `rnn bench`: how fast the current backend runs the recurrent layers — LSTM and GRU forward
 * and training step at the layers package's benchmark size (B=32 T=64 I=128 H=256), and the
 * reference char-LM's training step (2×128 LSTM, one-hot 65, B=50 T=50). A forward pass reads
 * its output back; a training step is forward, backward, clipping and an Adam update.
 */
import { cpus } from 'node:os';
import { cast, dispose, floor, Generator, mean, mul, normal, square, tidy, uniform, variableGrads, type Shape, type Tensor } from '@rnn/tensor';
import { GRU, LSTM, type Module } from '@rnn/layers';
import { Adam, clipGradNorm, crossEntropy } from '@rnn/train';
import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { buildLanguageModel } from '../model/build-model.js';
import { BACKEND_NAMES, selectBackend, type BackendName, type ThreadCount } from '../options/backend.js';
import { choice, positiveInteger, threadCount } from '../options/parsers.js';
import { formatRate } from '../output/format.js';
import { jsonLine } from '../output/json-lines.js';

export interface BenchOptions {
  readonly repeat: number;
  /** Eight time steps instead of 64 and 50: a smoke run of every case in a second or two. */
  readonly quick?: boolean;
  readonly backend: BackendName;
  /** wasm worker threads (default 'auto'). */
  readonly threads?: ThreadCount;
  readonly json?: boolean;
}

export interface BenchResult {
  readonly name: string;
  /** Median milliseconds of one call. */
  readonly ms: number;
  readonly tokensPerSecond: number;
}

interface BenchCase {
  readonly name: string;
  /** Tokens (batch × time steps) one call processes. */
  readonly tokens: number;
  /** One timed call; it reads its result back and frees everything it made. */
  readonly run: () => Promise<void>;
}

/** The median of `repeat` timed calls, after one untimed call to warm up. */
async function measure(run: () => Promise<void>, repeat: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Token ids uniform in [0, bound). */
function randomIds(shape: Shape, bound: number, generator: Generator): Tensor {
  return tidy(() => cast(floor(mul(uniform(shape, { generator }), bound)), 'int32'));
}

/** The layer benchmark's two cases: a forward pass read back, and one training step. */
function layerCases(name: string, layer: Module, x: Tensor, optimizer: Adam): BenchCase[] {
  const tokens = x.shape[0]! * x.shape[1]!;
  return [
    {
      name: `${name} forward`,
      tokens,
      run: async () => {
        const y = tidy(() => layer.forward(x));
        await y.data();
        y.dispose();
      },
    },
    {
      name: `${name} training step`,
      tokens,
      run: async () => {
        const { value, grads } = variableGrads(() => mean(square(layer.forward(x))), layer.parameters());
        tidy(() => {
          optimizer.step(clipGradNorm(grads, 5).grads);
        });
        await value.data();
        dispose([value, ...grads.values()]);
      },
    },
  ];
}

export async function bench(options: BenchOptions, io: CliIo): Promise<BenchResult[]> {
  const { backend, dtype, name: backendName, note } = await selectBackend(options.backend, options.threads);
  if (note !== null) io.stderr.write(`rnn bench: ${note}\n`);
  const generator = new Generator(0);
  const [B, T, I, H] = [32, options.quick === true ? 8 : 64, 128, 256];
  const x = normal([T, B, I], { generator, dtype });
  const lstm = new LSTM({ inputSize: I, hiddenSize: H, dtype, generator });
  const gru = new GRU({ inputSize: I, hiddenSize: H, dtype, generator });
  const vocabSize = 65;
  const charLm = buildLanguageModel(
    { cell: 'lstm', peephole: false, layers: 2, hidden: 128, projSize: 0, embedding: 0, bidirectional: false, dropout: 0 },
    { vocabSize, generator, dtype },
  );
  const [lmT, lmB] = [options.quick === true ? 8 : 50, 50];
  const ids = randomIds([lmT, lmB], vocabSize, generator);
  const targets = randomIds([lmT, lmB], vocabSize, generator);
  const optimizers = [lstm, gru, charLm].map((m) => new Adam(m.parameters(), { lr: 1e-3 }));
  const lmOptimizer = optimizers[2]!;
  const cases: BenchCase[] = [
    ...layerCases(`LSTM B=${B} T=${T} I=${I} H=${H}`, lstm, x, optimizers[0]!),
    ...layerCases(`GRU B=${B} T=${T} I=${I} H=${H}`, gru, x, optimizers[1]!),
    {
      name: `char-LM 2×128 LSTM V=${vocabSize} B=${lmB} T=${lmT} training step`,
      tokens: lmT * lmB,
      run: async () => {
        const { value, grads } = variableGrads(() => crossEntropy(charLm.forward(ids), targets), charLm.parameters());
        tidy(() => {
          lmOptimizer.step(clipGradNorm(grads, 5).grads);
        });
        await value.data();
        dispose([value, ...grads.values()]);
      },
    },
  ];
  const header = `rnn bench: ${backendName} backend (${backend.name}, ${dtype}), median of ${options.repeat} runs; node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`;
  io.stdout.write(options.json === true ? '' : `${header}\n`);
  const results: BenchResult[] = [];
  try {
    const width = Math.max(...cases.map((c) => c.name.length));
    for (const c of cases) {
      const ms = await measure(c.run, options.repeat);
      const result = { name: c.name, ms, tokensPerSecond: (c.tokens / ms) * 1000 };
      results.push(result);
      io.stdout.write(
        options.json === true
          ? jsonLine('bench', { ...result, backend: backendName, dtype })
          : `  ${c.name.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms  ${formatRate(result.tokensPerSecond).padStart(9)} tok/s\n`,
      );
    }
  } finally {
    dispose([x, ids, targets]);
    for (const m of [lstm, gru, charLm]) m.dispose();
    for (const o of optimizers) o.dispose();
  }
  return results;
}

export function benchCommand(program: Command, io: CliIo): Command {
  return program
    .command('bench')
    .description('time LSTM/GRU forward passes and training steps on the current backend')
    .option('--repeat <n>', 'timed runs per case (the median is shown)', positiveInteger, 3)
    .option('--quick', 'a smoke run: 8 time steps instead of 64 and 50')
    .addOption(new Option('--backend <name>', BACKEND_NAMES.join(', ')).argParser(choice(BACKEND_NAMES)).default('cpu'))
    .addOption(new Option('--threads <n>', "wasm worker threads, or 'auto'").argParser(threadCount).default('auto'))
    .option('--json', 'one JSON line per case')
    .addHelpText('after', '\nExample:\n  rnn bench --repeat 5 --json')
    .action(async (options: BenchOptions) => {
      await bench(options, io);
    });
}
