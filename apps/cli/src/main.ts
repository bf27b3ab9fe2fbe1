/** Runs one command line and turns its outcome into an exit code and, on error, one line. */
import { CommanderError } from 'commander';
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, errorLine, InterruptedError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * `argv` as `process.argv` has it (node, script, then the arguments). Returns the exit code:
 * 0 done, 1 an error (one line on stderr; the stack only with --verbose or RNN_DEBUG=1),
 * 130 training interrupted by Ctrl-C after its checkpoint was saved.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || (io.env.RNN_DEBUG !== undefined && io.env.RNN_DEBUG !== '' && io.env.RNN_DEBUG !== '0');
  try {
    await createProgram(io).parseAsync([...argv]);
    return EXIT_OK;
  } catch (e) {
    // Commander has printed its own message (or the help, or the version).
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof InterruptedError) {
      io.stderr.write(`rnn: ${e.message}\n`);
      return EXIT_INTERRUPTED;
    }
    io.stderr.write(`${errorLine(e, verbose)}\n`);
    if (verbose && e instanceof Error && e.stack !== undefined) io.stderr.write(`${e.stack}\n`);
    return EXIT_ERROR;
  }
}
