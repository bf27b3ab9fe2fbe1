/**
 * The page side of `runConformanceInChromium`: registers the suite for the backend module that
 * the generated entry passes in, runs it with the vitest shim, and leaves progress and the
 * summary on `globalThis[STATE_KEY]`, which Node polls.
 */
import { describeBackend } from '../describe-backend.js';
import { STATE_KEY, type BackendModule, type ConformanceSummary, type PageConfig, type PageState } from './protocol.js';
import { runRegistered } from './suite.js';

async function run(backend: BackendModule, config: PageConfig, state: PageState): Promise<ConformanceSummary> {
  const start = performance.now();
  const probe = (await backend.probe?.()) ?? null;
  if (probe !== null && 'unavailable' in probe) return { passed: 0, skipped: 0, failed: [], unavailable: probe.unavailable, about: null, ms: 0 };
  describeBackend(config.name, () => backend.createBackend());
  const summary = await runRegistered({
    filter: config.filter === null ? undefined : new RegExp(config.filter.source, config.filter.flags),
    timeoutMs: config.testTimeoutMs,
    onTest: (name) => {
      state.running = name;
    },
  });
  return { ...summary, unavailable: null, about: probe?.about ?? null, ms: performance.now() - start };
}

export async function runInPage(backend: BackendModule, config: PageConfig): Promise<void> {
  const state: PageState = { running: null, summary: null };
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;
  try {
    state.summary = await run(backend, config, state);
  } catch (error) {
    // Registration or the probe threw: report it as a failure rather than leave Node waiting.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    state.summary = { passed: 0, skipped: 0, failed: [{ name: `${config.name} (setting up the page)`, message }], unavailable: null, about: null, ms: 0 };
  }
}
