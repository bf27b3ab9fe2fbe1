/** Helpers for the CLI's tests: a small corpus on disk and commands run in-process. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapturedOutput, type CliIo, type OutputStream } from './io.js';
import { main } from './main.js';
import { createWebGpuBackend } from '@rnn/backend-webgpu';

/** About 6 000 characters of English-like text with a 40-odd character vocabulary. */
export function corpusText(): string {
  const lines = [
    'The quick brown fox jumps over the lazy dog.',
    'A recurrent network reads one character at a time,',
    'and carries what it has seen in its hidden state.',
    'Sing, O muse, of the long short-term memory!',
    'Gates open, gates close; the cell remembers.',
  ];
  const out: string[] = [];
  for (let i = 0; i < 130; i++) out.push(lines[(i * 7) % lines.length]!);
  return `${out.join('\n')}\n`;
}

/** A fresh temporary folder holding `corpus.txt`. */
export function workspace(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
  const data = join(dir, 'corpus.txt');
  writeFileSync(data, corpusText());
  return { dir, data };
}

/** The options of a model small enough to train 20 steps in well under a second. */
export const TINY = ['--layers', '1', '--hidden', '16', '--seq-len', '16', '--batch', '8'] as const;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Each separate write to stdout, to see that output streams. */
  readonly writes: readonly string[];
}

export interface RunOptions {
  /** Called with each stdout write and a function that sends Ctrl-C. */
  readonly onStdout?: (text: string, interrupt: () => void) => void;
  /** stderr is a terminal (progress bars). */
  readonly tty?: boolean;
  /** What standard input holds (default: none). */
  readonly stdin?: string;
}

/** Runs `rnn …args` in this process with captured output and simulated Ctrl-C. */
export async function rnn(args: readonly string[], { onStdout, tty = false, stdin }: RunOptions = {}): Promise<RunResult> {
  const handlers = new Set<() => void>();
  const interrupt = (): void => {
    for (const h of handlers) h();
  };
  const captured = new CapturedOutput();
  const stdout: OutputStream = {
    write(text) {
      captured.write(text);
      onStdout?.(text, interrupt);
      return true;
    },
  };
  const stderr = new CapturedOutput({ isTTY: tty });
  const io: CliIo = {
    stdout,
    stderr,
    env: {},
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    readStdin: () => Promise.resolve(stdin),
  };
  const code = await main(['node', 'rnn', ...args], io);
  return { code, stdout: captured.text, stderr: stderr.text, writes: captured.chunks };
}

/** Null when this machine has a WebGPU adapter (a GPU or a software Vulkan driver), else why not. */
export const noGpuReason: string | null = await createWebGpuBackend().then(
  (backend) => {
    backend.destroy();
    return null;
  },
  (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`webgpu CLI tests skipped: ${reason}`);
    return reason;
  },
);
