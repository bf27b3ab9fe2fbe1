/** The clock every measurement reads: monotonic, nanosecond resolution, reported in milliseconds. */
import os from 'node:os';

const origin = process.hrtime.bigint();

/**
 * Milliseconds since this module loaded, from `process.hrtime.bigint()` (monotonic, ns
 * resolution). Counting from a nearby origin keeps sub-microsecond precision in a double.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}

/**
 * CPU time in milliseconds (user + system) the whole process has used so far, all threads
 * together (`process.cpuUsage()`); differences of two readings give the CPU time in between.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
}

/**
 * CPU time in milliseconds all cores of the machine have spent busy (user, nice, system, irq)
 * since boot, from `os.cpus()`; 0 where the platform does not say. Linux counts it in 10 ms ticks.
 */
export function machineCpuMs(): number {
  let busy = 0;
  for (const { times } of os.cpus()) busy += times.user + times.nice + times.sys + times.irq;
  return busy;
}

/** A window of time over which to compare this process's CPU time with the whole machine's. */
export interface CpuWindow {
  readonly wallMs: number;
  readonly processMs: number;
  readonly machineMs: number;
}

export function openCpuWindow(): CpuWindow {
  return { wallMs: nowMs(), processMs: cpuMs(), machineMs: machineCpuMs() };
}

/**
 * Cores kept busy by other processes on average since `window` opened: (the machine's busy CPU
 * time − this process's) / wall time, at least 0. Undefined when the machine's CPU time is
 * unknown or the window is too short (under 250 ms) for its 10 ms ticks.
 */
export function otherCoresSince(window: CpuWindow): number | undefined {
  const wall = nowMs() - window.wallMs;
  const machine = machineCpuMs() - window.machineMs;
  if (window.machineMs === 0 || wall < 250) return undefined;
  return Math.max(0, (machine - (cpuMs() - window.processMs)) / wall);
}

/** Runs the garbage collector when Node was started with `--expose-gc`; otherwise does nothing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}
