/**
 * `rnn train --task seq2seq` and `rnn translate` end to end: the executable trains a tiny
 * reversal model (3-letter strings over 6 letters, ~200 steps on cpu, a few seconds) and
 * translates with it from stdin and --input; the errors a person meets run in-process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numHandles } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { noGpuReason, rnn, TINY, workspace } from './testing.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'rnn-seq2seq-'));
const out = join(dir, 'reverse');

/** Every 3-letter string over a–f and its reversal: 216 pairs, every 10th (21) held out. */
const letters = ['a', 'b', 'c', 'd', 'e', 'f'];
const words = letters.flatMap((a) => letters.flatMap((b) => letters.map((c) => a + b + c)));
const reversed = (word: string): string => Array.from(word).reverse().join('');
const pairsFile = join(dir, 'reverse.tsv');
writeFileSync(pairsFile, words.map((w) => `${w}\t${reversed(w)}\n`).join(''));

const MODEL = ['--layers', '1', '--hidden', '32', '--embedding', '16', '--batch', '16', '--lr', '0.01'] as const;

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI from source as a shell would, with `stdin` piped in. */
function spawnRnn(args: readonly string[], stdin = ''): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, CI: '1', RNN_DEBUG: '' } });
  let [stdout, stderr] = ['', ''];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^rnn: error: /);
  expect(result.stderr).toMatch(pattern);
}

let training: Exit;
// A training run in a child process: seconds alone, much longer beside the rest of the suite.
beforeAll(async () => {
  training = await spawnRnn(['train', '--task', 'seq2seq', '--data', pairsFile, ...MODEL, '--steps', '200', '--eval-every', '100', '--log-every', '50', '--json', '--out', out]);
}, 300_000);

describe('rnn train --task seq2seq', () => {
  it('trains on the pairs, validates (loss, token accuracy, exact match) and saves a checkpoint', () => {
    expect(training.stderr).toBe('');
    expect(training.code).toBe(0);
    const lines = jsonLines(training.stdout);
    expect(lines[0]).toMatchObject({ event: 'start', steps: 200, pairs: { train: 195, validation: 21, sourceVocab: 6, targetVocab: 6 } });
    expect(lines.filter((l) => l.event === 'step').map((l) => l.step)).toEqual([1, 50, 100, 150, 200]);
    expect(lines.find((l) => l.event === 'step')).toHaveProperty('accuracy');
    const validation = lines.filter((l) => l.event === 'validation');
    expect(validation.map((l) => l.step)).toEqual([100, 200]);
    const last = validation.at(-1)!;
    expect(last.loss as number).toBeLessThan(0.5);
    expect(last.accuracy as number).toBeGreaterThan(0.8);
    expect(last.exactMatch as number).toBeGreaterThanOrEqual(0.8);
    expect(existsSync(join(out, 'checkpoint-00000200.safetensors'))).toBe(true);
  });

  it('describes the checkpoint with rnn info', async () => {
    const { code, stdout } = await rnn(['info', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^decoder\s+embedding 7×16 → lstm × 1 layer of 32, attention luong-general, bridge copy → dense 7 \(float32\)$/m);
    expect(stdout).toMatch(/^max length\s+4 target steps/m);
  });
});

describe('rnn translate', () => {
  it('translates the lines of stdin greedily, one output per line, and mostly right', async () => {
    const inputs = words.filter((_, i) => i % 7 === 0);
    const { code, stdout, stderr } = await spawnRnn(['translate', out], inputs.join('\n') + '\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const outputs = stdout.split('\n').slice(0, -1);
    expect(outputs).toHaveLength(inputs.length);
    const right = outputs.filter((o, i) => o === reversed(inputs[i]!)).length;
    expect(right / inputs.length).toBeGreaterThanOrEqual(0.8);
  });

  it('--beam 3 --n-best 2 --json gives each input its two best hypotheses with scores, best first', async () => {
    const { code, stdout } = await rnn(['translate', out, '--input', 'abc', '--input', 'fed', '--beam', '3', '--n-best', '2', '--json', '--attention']);
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => [l.source, l.rank])).toEqual([['abc', 1], ['abc', 2], ['fed', 1], ['fed', 2]]);
    for (const l of lines) expect(Object.keys(l)).toEqual(['source', 'output', 'score', 'logProb', 'finished', 'rank', 'attention']);
    expect(lines[0]!.score as number).toBeGreaterThanOrEqual(lines[1]!.score as number);
    const attention = lines[0]!.attention as number[][];
    expect(attention[0]).toHaveLength(3); // one weight per source character
    for (const row of attention) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    const beamText = await rnn(['translate', out, '--input', 'abc', '--beam', '3']);
    const greedy = await rnn(['translate', out, '--input', 'abc']);
    expect(greedy.stdout).toMatch(/^[a-f]*\n$/);
    expect(beamText.stdout).toMatch(/^[a-f]*\n$/);
  });

  it('greedy --json has {source, output, score, logProb, finished}; --attention in text prints a table', async () => {
    const [line] = jsonLines((await rnn(['translate', out, '--input', 'abc', '--json'])).stdout);
    expect(Object.keys(line!)).toEqual(['source', 'output', 'score', 'logProb', 'finished']);
    expect(line!.score).toBe(line!.logProb);
    const table = await rnn(['translate', out, '--input', 'abc', '--attention']);
    expect(table.stdout.split('\n')[1]).toMatch(/^\s+a\s+b\s+c$/);
  });

  it.skipIf(noGpuReason !== null)('--backend webgpu gives the greedy outputs of the cpu backend', async () => {
    const args = ['translate', out, '--input', 'abc', '--input', 'ffa', '--input', 'dcb'];
    const [onGpu, onCpu] = [await rnn([...args, '--backend', 'webgpu']), await rnn(args)];
    expect(onGpu.code, onGpu.stderr).toBe(0);
    expect(onGpu.stdout).toBe(onCpu.stdout);
  });
});

describe('resources', () => {
  it('train, --resume, translate and info free every tensor they make', async () => {
    await rnn(['translate', out, '--input', 'abc']);
    const before = numHandles();
    const small = join(dir, 'memory');
    const common = ['--task', 'seq2seq', '--data', pairsFile, '--hidden', '8', '--batch', '64', '--dropout', '0.1', '--sampling-rate', '0.5', '--attention', 'bahdanau', '--bidirectional'];
    expect((await rnn(['train', ...common, '--steps', '2', '--eval-every', '1', '--out', small])).code).toBe(0);
    expect((await rnn(['train', '--resume', '--steps', '4', '--out', small])).code).toBe(0);
    expect((await rnn(['translate', small, '--input', 'abc', '--input', 'fe', '--beam', '2', '--attention'])).code).toBe(0);
    expect((await rnn(['info', small])).code).toBe(0);
    expect(numHandles()).toBe(before);
  });

  it('--resume continues bit-exactly, mid-epoch or not: 5 + 4 + 1 steps give the checkpoint of 10 straight', async () => {
    // 195 training pairs in batches of 64: 4 steps an epoch.
    const common = ['--task', 'seq2seq', '--data', pairsFile, '--hidden', '8', '--batch', '64', '--dropout', '0.1', '--sampling-rate', '0.3', '--cell', 'gru', '--eval-every', '5'];
    const straight = await rnn(['train', ...common, '--steps', '10', '--out', join(dir, 'straight')]);
    const parts = [await rnn(['train', ...common, '--steps', '5', '--out', join(dir, 'parts')])];
    for (const steps of ['9', '10']) parts.push(await rnn(['train', '--resume', '--steps', steps, '--out', join(dir, 'parts')]));
    expect([straight, ...parts].map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const a = readFileSync(join(dir, 'straight', 'checkpoint-00000010.safetensors'));
    const b = readFileSync(join(dir, 'parts', 'checkpoint-00000010.safetensors'));
    expect(a.equals(b)).toBe(true);
  });
});

describe('seq2seq errors are one line with the fix', () => {
  it('a TSV line without a tab names the file and line', async () => {
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'abc\tcba\n\nabd dba\n');
    expectOneLineError(await rnn(['train', '--task', 'seq2seq', '--data', bad, '--out', join(dir, 'bad')]), /bad\.tsv:3: has no tab; each line must be "source<TAB>target"/);
  });

  it('a target longer than --max-length names the file and line', async () => {
    expectOneLineError(
      await rnn(['train', '--task', 'seq2seq', '--data', pairsFile, '--max-length', '3', '--out', join(dir, 'short')]),
      /reverse\.tsv:1: the target has 3 characters, 4 steps with the end token: more than --max-length 3; raise --max-length to 4/,
    );
  });

  it('a character the source vocabulary lacks names the input line, the character and its offset', async () => {
    expectOneLineError(await rnn(['translate', out, '--input', 'abc', '--input', 'abz']), /--input 2 "abz": character "z" \(U\+007A\) at offset 2 is not in the model's source vocabulary of 6 characters/);
    const file = join(dir, 'lines.txt');
    writeFileSync(file, 'abc\nfxa\n');
    expectOneLineError(await rnn(['translate', out, '--file', file]), /lines\.txt:2 "fxa": character "x" \(U\+0078\) at offset 1/);
  });

  it('an empty input line', async () => {
    expectOneLineError(await rnn(['translate', out], { stdin: 'abc\n\ncde\n' }), /stdin:2: the line is empty/);
  });

  it('a language-model checkpoint given to translate, and a seq2seq one given to generate or eval', async () => {
    const { data } = workspace();
    const lm = join(dir, 'lm');
    expect((await rnn(['train', '--data', data, ...TINY, '--steps', '2', '--out', lm])).code).toBe(0);
    expectOneLineError(await rnn(['translate', lm, '--input', 'abc']), /holds a language model \(task char-lm\), not a sequence-to-sequence model; generate text from it with rnn generate/);
    expectOneLineError(await rnn(['generate', out]), /holds a sequence-to-sequence model \(task seq2seq\), not a language model; translate with it: rnn translate/);
    expectOneLineError(await rnn(['eval', out, '--data', pairsFile]), /rnn translate/);
  });

  it('--n-best above --beam, and --max-length above the model’s', async () => {
    expectOneLineError(await rnn(['translate', out, '--input', 'abc', '--n-best', '2']), /--n-best 2 is more than --beam 1/);
    expectOneLineError(await rnn(['translate', out, '--input', 'abc', '--max-length', '9']), /--max-length 9 is more than the model's 4/);
  });
});
