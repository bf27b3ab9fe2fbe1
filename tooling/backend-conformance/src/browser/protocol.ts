/** What Node and the page agree on: the backend module's shape, the run's settings, the result. */
import type { Backend } from '@rnn/tensor';
import type { Failure, RunSummary } from './suite.js';

/** Whether the page can run the backend at all: why not (the run is then skipped), or what it runs on. */
export type Probe = { readonly unavailable: string } | { readonly about: string };

/** The module `runConformanceInChromium` is given by path, bundled into the page. */
export interface BackendModule {
  /** Creates the backend under test, once, in the suite's `beforeAll`. */
  createBackend(): Backend | Promise<Backend>;
  /** Checked before anything is registered; without it the backend is assumed available. */
  probe?(): Promise<Probe>;
}

export interface PageConfig {
  /** As in `describeBackend(name, …)`. */
  readonly name: string;
  /** A RegExp's source and flags (RegExps do not cross into the page), or null for every test. */
  readonly filter: { readonly source: string; readonly flags: string } | null;
  readonly testTimeoutMs: number;
}

export interface ConformanceSummary extends RunSummary {
  /** Why the page could not run the backend (nothing ran then), or null. */
  readonly unavailable: string | null;
  /** What the backend module's probe said it runs on, or null. */
  readonly about: string | null;
  /** Wall time of the run in the page. */
  readonly ms: number;
}

/** The page's progress, on `globalThis[STATE_KEY]`, polled by Node. */
export interface PageState {
  running: string | null;
  summary: ConformanceSummary | null;
}

export const STATE_KEY = '__rnnConformance';

export type { Failure };
