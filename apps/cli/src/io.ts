/**
 * Where a command's output goes and where Ctrl-C comes from. `main` uses the process's own;
 * tests pass strings-collecting streams and fire interrupts by hand, so commands run in-process.
 */

/** The part of a writable stream the commands use. */
export interface OutputStream {
  write(text: string): boolean;
  /** A terminal: progress bars and redraws; otherwise plain lines. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Calls `handler` on each interrupt (Ctrl-C) until the returned function is called. */
  readonly onInterrupt: (handler: () => void) => () => void;
  /** Ends the process at once (a second Ctrl-C); absent where there is no process to end. */
  readonly exit?: (code: number) => void;
  /**
   * All of standard input as text (`rnn translate` reads its lines there); undefined where there
   * is none to read: absent, or a terminal, where waiting for input would look like a hang.
   */
  readonly readStdin?: () => Promise<string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    exit: (code) => process.exit(code),
    readStdin: async () => {
      if (process.stdin.isTTY) return undefined;
      let text = '';
      for await (const chunk of process.stdin.setEncoding('utf8')) text += chunk as string;
      return text;
    },
  };
}

/** An output stream that keeps what is written, for tests and programmatic use. */
export class CapturedOutput implements OutputStream {
  readonly chunks: string[] = [];
  readonly isTTY: boolean;
  readonly columns = 100;

  constructor({ isTTY = false } = {}) {
    this.isTTY = isTTY;
  }

  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }
}
