/**
 * The `rnn` command line: one commander program with a subcommand per file in commands/.
 * Commander validates flags and values itself (unknown options, bad numbers, missing
 * arguments) and reports each as one line; `exitOverride` turns its exits into exceptions, so
 * `main` owns the exit code and tests run commands in-process.
 */
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { benchCommand } from './commands/bench.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { goldenCommand } from './commands/golden.js';
import { importCommand } from './commands/import.js';
import { infoCommand } from './commands/info.js';
import { trainCommand } from './commands/train.js';
import { translateCommand } from './commands/translate.js';
import { processIo, type CliIo } from './io.js';

/** Commander's multi-line errors (`…\n(Did you mean --hidden?)`) as one line. */
export function oneLineError(text: string): string {
  return `rnn: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`;
}

export function createProgram(io: CliIo = processIo()): Command {
  const program = new Command('rnn')
    .description('Recurrent neural networks from the shell: train a character-level language model on a text file, generate from it, evaluate it; train a sequence-to-sequence model on text pairs and translate with it; import models from PyTorch, Keras and ONNX, and export them to ONNX and PyTorch.')
    .version(packageJson.version, '-V, --version')
    .option('--verbose', 'show the stack trace of an unexpected error (also RNN_DEBUG=1)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => {
        write(oneLineError(text));
      },
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError()
    .addHelpText('after', '\nRun `rnn <command> --help` for the options of a command.');
  trainCommand(program, io);
  generateCommand(program, io);
  translateCommand(program, io);
  evalCommand(program, io);
  infoCommand(program, io);
  importCommand(program, io);
  exportCommand(program, io);
  goldenCommand(program, io);
  benchCommand(program, io);
  return program;
}
