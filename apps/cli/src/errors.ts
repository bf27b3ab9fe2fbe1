/**
 * Errors a person fixes by changing the command line: each is one line saying what is wrong
 * and what to do, printed without a stack trace (exit code 1).
 */
import { RnnError } from '@rnn/tensor';

/** A problem with the command's input: a missing file, a bad value, an incompatible checkpoint. */
export class CliError extends Error {
  /** What to do about it, appended to the message. */
  readonly fix: string | undefined;

  constructor(message: string, fix?: string) {
    super(fix === undefined ? message : `${message}; ${fix}`);
    this.name = 'CliError';
    this.fix = fix;
  }
}

/** Training was interrupted (Ctrl-C) after the checkpoint was saved: exit code 130, as a shell reports SIGINT. */
export class InterruptedError extends Error {
  readonly checkpoint: string | undefined;

  constructor(message: string, checkpoint: string | undefined) {
    super(message);
    this.name = 'InterruptedError';
    this.checkpoint = checkpoint;
  }
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
/** 128 + SIGINT (2), what a shell reports for a process ended by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** The node error codes for a path that cannot be read, in words. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** `cannot read data file 'x.txt': no such file or directory; check the --data path`. */
export function fileError(what: string, path: string, error: unknown, fix: string): CliError {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? (FILE_ERRORS[code] ?? (error as Error).message) : String(error);
  return new CliError(`cannot read ${what} '${path}': ${reason}`, fix);
}

/**
 * The one line shown for an error. A library error (`RnnError`) is already written for a
 * person; anything else is unexpected, so the line says how to see the stack.
 */
export function errorLine(error: unknown, verbose: boolean): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (error instanceof CliError || error instanceof RnnError) return `rnn: error: ${message}`;
  return `rnn: error: ${message}${verbose ? '' : ' (run with --verbose or RNN_DEBUG=1 for the stack)'}`;
}

const oneLine = (text: string): string => text.trim().replace(/\s*\n\s*/g, ' ');
