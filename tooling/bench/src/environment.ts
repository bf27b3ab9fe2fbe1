/** Where a benchmark ran: the facts needed to compare two results. */
import os from 'node:os';

export interface Environment {
  /** `process.version`, e.g. `v20.19.0`. */
  readonly node: string;
  /** `os.cpus()[0].model`, or `unknown`. */
  readonly cpu: string;
  /** Logical cores (`os.cpus().length`). */
  readonly cores: number;
  readonly platform: string;
  readonly arch: string;
  /** When the run finished, ISO 8601 in UTC. */
  readonly date: string;
  /**
   * The machine's load averages over 1, 5 and 15 minutes when the run finished (`os.loadavg()`;
   * zeros where the platform has none). Above the core count, other processes competed for the CPU.
   */
  readonly loadAverage: readonly number[];
}

export function environment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    platform: process.platform,
    arch: process.arch,
    date: new Date().toISOString(),
    loadAverage: os.loadavg(),
  };
}
