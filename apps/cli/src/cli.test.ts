/**
 * The `rnn` commands run in-process through `main`, with captured output: what a person or a
 * script sees, and the exit codes.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, numHandles } from '@rnn/tensor';
import { GRU, LanguageModel, saveModelFile } from '@rnn/layers';
import { saveCheckpointFile } from '@rnn/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { noGpuReason, rnn, TINY, workspace } from './testing.js';

const { dir, data } = workspace();
const trained = join(dir, 'trained');

/** Every line is one JSON object. */
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Errors are one line on stderr, without a stack trace. */
function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^rnn: error: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(pattern);
}

beforeAll(async () => {
  const result = await rnn(['train', '--data', data, ...TINY, '--steps', '20', '--eval-every', '10', '--out', trained]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe('rnn train', () => {
  it('trains a tiny model, validates every --eval-every steps and at the end, and writes a checkpoint', async () => {
    expect(existsSync(join(trained, 'checkpoint-00000020.safetensors'))).toBe(true);
    const { stdout } = await rnn(['info', trained]);
    expect(stdout).toMatch(/^step\s+20$/m);
  });

  it('prints plain log lines when output is not a terminal', async () => {
    const { code, stdout } = await rnn(['train', '--data', data, ...TINY, '--steps', '4', '--log-every', '2', '--out', join(dir, 'lines')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^training: [\d,]+ parameters, vocabulary \d+/);
    expect(stdout).toMatch(/^step 2\/4 {2}loss \d\.\d{4} {2}lr 2\.00e-3 {2}[\d,]+ tok\/s {2}ETA /m);
    expect(stdout).toMatch(/^validation at step 4: loss \d\.\d{4} nats\/char, \d\.\d{3} bits\/char/m);
    expect(stdout).toMatch(/^done at step 4 after /m);
  });

  it('shows a progress bar with the step, loss, tokens/s and ETA on a terminal, validations above it', async () => {
    const { code, stdout, stderr } = await rnn(['train', '--data', data, ...TINY, '--steps', '5', '--out', join(dir, 'bar')], { tty: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/step 5\/5 \[=+\] loss \d\.\d{4} \| [\d,]+ tok\/s \| ETA /);
    expect(stderr).toContain('\x1B[2Kvalidation at step 5: loss '); // the bar cleared, the line printed
    expect(stderr).toContain('\x1B[?25h'); // the cursor is shown again
    expect(stdout).toMatch(/^done at step 5 after /);
  });

  it('--json writes one JSON object per line: start, steps, validations, checkpoints, end', async () => {
    const { code, stdout } = await rnn(['train', '--data', data, ...TINY, '--steps', '6', '--log-every', '3', '--eval-every', '3', '--json', '--out', join(dir, 'json')]);
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l.event)).toEqual(['start', 'step', 'step', 'validation', 'step', 'validation', 'checkpoint', 'end']);
    expect(lines.filter((l) => l.event === 'step').map((l) => l.step)).toEqual([1, 3, 6]);
    const validation = lines.find((l) => l.event === 'validation')!;
    expect(validation.bitsPerCharacter as number).toBeCloseTo((validation.loss as number) / Math.LN2, 4);
    expect(lines.at(-1)).toMatchObject({ event: 'end', step: 6, stopReason: null });
  });

  it('--resume continues bit-exactly: 10 + 10 steps give the checkpoint of 20 straight', async () => {
    const common = ['--data', data, ...TINY, '--dropout', '0.1', '--json'];
    const straight = await rnn(['train', ...common, '--steps', '20', '--out', join(dir, 'straight')]);
    const first = await rnn(['train', ...common, '--steps', '10', '--out', join(dir, 'halves')]);
    const second = await rnn(['train', '--resume', '--steps', '20', '--json', '--out', join(dir, 'halves')]);
    expect([straight.code, first.code, second.code]).toEqual([0, 0, 0]);
    const finalLoss = (text: string): unknown => jsonLines(text).filter((l) => l.event === 'validation').at(-1)!.loss;
    expect(finalLoss(second.stdout)).toBe(finalLoss(straight.stdout));
    const a = readFileSync(join(dir, 'straight', 'checkpoint-00000020.safetensors'));
    const b = readFileSync(join(dir, 'halves', 'checkpoint-00000020.safetensors'));
    expect(a.equals(b)).toBe(true);
  });

  it('Ctrl-C finishes the step, saves a checkpoint, says where, and exits with 130', async () => {
    const out = join(dir, 'interrupted');
    const result = await rnn(['train', '--data', data, ...TINY, '--steps', '100000', '--log-every', '1', '--out', out], {
      onStdout: (text, interrupt) => {
        if (text.startsWith('step 3/')) interrupt();
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`interrupted at step 3; saved checkpoint ${join(out, 'checkpoint-00000003.safetensors')}`);
    expect(existsSync(join(out, 'checkpoint-00000003.safetensors'))).toBe(true);
  });

  it('refuses to start a second run in the --out folder of another', async () => {
    expectOneLineError(await rnn(['train', '--data', data, ...TINY, '--out', trained]), /already holds a training run .*; continue it with --resume, or choose another --out/);
  });

  it('refuses --bidirectional for a language model, with the reason', async () => {
    expectOneLineError(await rnn(['train', '--data', data, '--bidirectional']), /backward direction would see the very character/);
  });

  it('--backend wasm trains, and its checkpoint generates the same greedy text on the cpu backend', async () => {
    const out = join(dir, 'wasm');
    const trainRun = await rnn(['train', '--data', data, ...TINY, '--steps', '6', '--backend', 'wasm', '--threads', '1', '--out', out]);
    expect(trainRun.code, trainRun.stderr).toBe(0);
    const onWasm = await rnn(['generate', out, '--length', '30', '--temperature', '0', '--backend', 'wasm']);
    const onCpu = await rnn(['generate', out, '--length', '30', '--temperature', '0', '--backend', 'cpu']);
    expect(onWasm.code, onWasm.stderr).toBe(0);
    expect(onWasm.stdout).toBe(onCpu.stdout);
  });

  it.skipIf(noGpuReason !== null)('--backend webgpu trains, and its checkpoint generates the same greedy text on the cpu backend', async () => {
    const out = join(dir, 'webgpu');
    const trainRun = await rnn(['train', '--data', data, ...TINY, '--steps', '6', '--eval-every', '3', '--backend', 'webgpu', '--out', out]);
    expect(trainRun.code, trainRun.stderr).toBe(0);
    expect(trainRun.stderr).toMatch(/WebGPU adapter: /);
    const onGpu = await rnn(['generate', out, '--length', '30', '--temperature', '0', '--backend', 'webgpu']);
    const onCpu = await rnn(['generate', out, '--length', '30', '--temperature', '0', '--backend', 'cpu']);
    expect(onGpu.code, onGpu.stderr).toBe(0);
    expect(onGpu.stdout).toBe(onCpu.stdout);
    const scores = await rnn(['eval', out, '--data', data, '--backend', 'webgpu', '--json']);
    expect(scores.code, scores.stderr).toBe(0);
  });

  it('holds memory flat: the commands free every tensor they make', async () => {
    await rnn(['generate', trained, '--length', '5']);
    const before = numHandles();
    await rnn(['train', '--data', data, ...TINY, '--steps', '3', '--dropout', '0.2', '--out', join(dir, 'memory')]);
    await rnn(['train', '--resume', '--steps', '5', '--out', join(dir, 'memory')]);
    await rnn(['generate', trained, '--length', '20']);
    await rnn(['eval', trained, '--data', data]);
    await rnn(['info', trained]);
    expect(numHandles()).toBe(before);
  });
});

describe('rnn generate', () => {
  it('is deterministic for a --seed, streams one write per character, and starts with the prime', async () => {
    const args = ['generate', trained, '--prime', 'The ', '--length', '40', '--temperature', '0.8', '--top-k', '10'];
    const [a, b, c] = [await rnn([...args, '--seed', '7']), await rnn([...args, '--seed', '7']), await rnn([...args, '--seed', '8'])];
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    expect(a.stdout.startsWith('The ')).toBe(true);
    expect(a.stdout).toHaveLength('The '.length + 40 + 1);
    expect(a.writes.length).toBeGreaterThanOrEqual(40);
  });

  it('names a prime character the vocabulary lacks', async () => {
    expectOneLineError(await rnn(['generate', trained, '--prime', 'Tλ']), /character "λ" \(U\+03BB\) at offset 1/);
  });
});

describe('rnn eval', () => {
  it('prints the loss in nats and bits per character, the perplexity and the accuracy', async () => {
    const { code, stdout } = await rnn(['eval', trained, '--data', data]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/loss\s+\d\.\d{4} nats\/char/);
    expect(stdout).toMatch(/bits\/char\s+\d\.\d{4}/);
    expect(stdout).toMatch(/perplexity\s+\d+\.\d{3}/);
    expect(stdout).toMatch(/accuracy\s+0\.\d{4}/);
  });

  it('--json gives the same scores as one JSON line', async () => {
    const [line] = jsonLines((await rnn(['eval', trained, '--data', data, '--json', '--seq-len', '32'])).stdout);
    expect(line).toMatchObject({ event: 'eval', step: 20, seqLen: 32 });
    expect(line!.perplexity as number).toBeCloseTo(Math.exp(line!.loss as number), 3);
  });
});

describe('rnn info', () => {
  it('lists every parameter, and the total is the sum of their sizes', async () => {
    const { stdout } = await rnn(['info', trained, '--json']);
    const [info] = jsonLines(stdout);
    const parameters = info!.parameters as { name: string; shape: number[]; count: number }[];
    expect(parameters.map((p) => p.name)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'head.weight', 'head.bias']);
    const sum = parameters.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    expect(info!.totalParameters).toBe(sum);
    const text = (await rnn(['info', trained])).stdout;
    expect(text).toMatch(/^model\s+one-hot (\d+) → lstm × 1 layer of 16 → dense \1 \(float32\)$/m);
    expect(text).toMatch(new RegExp(`^\\s+total\\s+${sum.toLocaleString('en-US')}$`, 'm'));
  });
});

describe('errors are one line with the fix, exit code 1, no stack', () => {
  it('an unknown flag, with the likely one', async () => {
    expectOneLineError(await rnn(['train', '--hiden', '3']), /unknown option '--hiden' \(Did you mean --hidden\?\)/);
  });

  it('a bad number', async () => {
    expectOneLineError(await rnn(['train', '--batch', '0']), /option '--batch <n>' argument '0' is invalid\. Expected a positive integer\./);
  });

  it('a missing data file', async () => {
    expectOneLineError(await rnn(['train', '--data', join(dir, 'missing.txt')]), /cannot read data file '.*missing\.txt': no such file or directory; check the --data path/);
  });

  it('a missing checkpoint', async () => {
    expectOneLineError(await rnn(['generate', join(dir, 'nowhere')]), /checkpoint '.*nowhere' does not exist/);
  });

  it('a file that is not a checkpoint', async () => {
    expectOneLineError(await rnn(['info', data]), /'.*corpus\.txt' is not a checkpoint \(not a safetensors file\); give a checkpoint written by `rnn train`/);
  });

  it('a model file rather than a checkpoint', async () => {
    const path = join(dir, 'model.safetensors');
    const model = new GRU({ inputSize: 2, hiddenSize: 3, generator: new Generator(0) });
    await saveModelFile(path, model);
    model.dispose();
    expectOneLineError(await rnn(['info', path]), /is not a checkpoint rnn can use \(.*model file/);
  });

  it('a checkpoint without a tokenizer', async () => {
    const path = join(dir, 'bare', 'checkpoint-00000001.safetensors');
    mkdirSync(join(dir, 'bare'));
    const generator = new Generator(0);
    const model = new LanguageModel({ vocabSize: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 3, generator }), generator });
    await saveCheckpointFile(path, { model, step: 1, extra: { task: 'char-lm' } });
    model.dispose();
    expectOneLineError(await rnn(['generate', join(dir, 'bare')]), /has no tokenizer \(extra\.tokenizer\)/);
  });

  it('a backend that does not exist', async () => {
    expectOneLineError(await rnn(['train', '--data', data, '--backend', 'cuda']), /cuda.*(cpu, cpu-f64, wasm, webgpu|choices)/);
  });

  it('an unknown key in a config file', async () => {
    const path = join(dir, 'typo.json');
    writeFileSync(path, JSON.stringify({ data, 'seq-lne': 10 }));
    expectOneLineError(await rnn(['train', '--config', path]), /unknown key 'seq-lne'; did you mean 'seqLen'\?/);
  });
});

describe('rnn golden and rnn bench', () => {
  it('golden checks an rnn-golden/1 case in both dtypes and fails a wrong one', async () => {
    // y = tanh(0.5·2 + 0.25 − 0.5) = tanh(0.75), loss = y, so every gradient is (1 − y²)·∂pre.
    const [y, slope] = [Math.tanh(0.75), 1 - Math.tanh(0.75) ** 2];
    const t = (...data: number[]): { shape: number[]; data: number[] } => ({ shape: data.length === 1 ? [1] : [1, 1, 1], data });
    const one = (value: number): { shape: number[]; data: number[] } => ({ shape: [1, 1], data: [value] });
    const golden = {
      format: 'rnn-golden/1',
      module: 'RNN',
      config: { input_size: 1, hidden_size: 1, num_layers: 1, bias: true, batch_first: false, bidirectional: false, nonlinearity: 'tanh' },
      seq_len: 1,
      batch: 1,
      lengths: null,
      params: { weight_ih_l0: one(0.5), weight_hh_l0: one(0), bias_ih_l0: t(0.25), bias_hh_l0: t(-0.5) },
      inputs: { x: { shape: [1, 1, 1], data: [2] } },
      outputs: { y: { shape: [1, 1, 1], data: [y] }, hn: { shape: [1, 1, 1], data: [y] } },
      grad_outputs: { y: { shape: [1, 1, 1], data: [1] }, hn: { shape: [1, 1, 1], data: [0] } },
      grads: { x: { shape: [1, 1, 1], data: [0.5 * slope] }, weight_ih_l0: one(2 * slope), weight_hh_l0: one(0), bias_ih_l0: t(slope), bias_hh_l0: t(slope) },
    };
    const folder = join(dir, 'golden');
    mkdirSync(folder);
    writeFileSync(join(folder, 'rnn_tanh.json'), JSON.stringify(golden));
    const pass = await rnn(['golden', folder]);
    expect(pass.stdout).toContain('float32 PASS rnn_tanh.json');
    expect(pass.stdout).toContain('float64 PASS rnn_tanh.json');
    expect(pass.stdout).toMatch(/^2 passed, 0 failed$/m);
    expect(pass.code).toBe(0);
    writeFileSync(join(folder, 'rnn_tanh.json'), JSON.stringify({ ...golden, outputs: { ...golden.outputs, y: { shape: [1, 1, 1], data: [y + 0.01] } } }));
    const fail = await rnn(['golden', folder, '--dtype', 'float64']);
    expect(fail.stdout).toMatch(/^float64 FAIL rnn_tanh\.json: output y\[0\]/m);
    expectOneLineError(fail, /1 golden case failed/);
  });

  it('golden refuses a folder without golden files', async () => {
    const empty = join(dir, 'no-golden');
    mkdirSync(empty);
    const result = await rnn(['golden', empty]);
    expect(result.stdout).toContain('0 passed, 0 failed');
    expectOneLineError(result, /no golden files/);
  });

  it('bench times every case and reports JSON lines', async () => {
    const { code, stdout } = await rnn(['bench', '--quick', '--repeat', '1', '--json']);
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l.name)).toEqual([
      'LSTM B=32 T=8 I=128 H=256 forward',
      'LSTM B=32 T=8 I=128 H=256 training step',
      'GRU B=32 T=8 I=128 H=256 forward',
      'GRU B=32 T=8 I=128 H=256 training step',
      'char-LM 2×128 LSTM V=65 B=50 T=8 training step',
    ]);
    for (const l of lines) expect(l.ms as number).toBeGreaterThan(0);
  });
});
