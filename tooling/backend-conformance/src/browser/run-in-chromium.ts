/**
 * `runConformanceInChromium`: the whole conformance suite for one backend, in Debian's Chromium.
 * The suite's own modules are bundled for the page with `vitest` aliased to a small shim
 * (vitest-shim.ts), so the same case files run unchanged; the page is served from
 * http://127.0.0.1 (a secure context, which WebGPU needs) and its summary polled from Node.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE_KEY, type ConformanceSummary, type PageConfig, type PageState } from './protocol.js';

export interface ChromiumConformanceOptions {
  /** As in `describeBackend(name, …)`. */
  readonly name: string;
  /**
   * Absolute path of a module exporting `createBackend()` and optionally `probe()` (see
   * `BackendModule`); it is bundled into the page with the suite.
   */
  readonly backendModule: string;
  /** Added to `launchChromium`'s flags, e.g. `--enable-unsafe-webgpu`. */
  readonly launchArgs?: readonly string[];
  /**
   * URL prefix → folder served beside the page, which is loaded from /app/page.js: e.g.
   * `{ '/wasm/': … }` for code that fetches `new URL('../wasm/', import.meta.url)`.
   */
  readonly folders?: Readonly<Record<string, string>>;
  /** Serve the page cross-origin isolated (SharedArrayBuffer, so wasm threads). */
  readonly isolated?: boolean;
  /** Only tests whose full name (`backend conformance: wasm > float32 > matmul > …`) matches run. */
  readonly filter?: RegExp;
  /** Per test, like vitest's testTimeout (default 60 s). */
  readonly testTimeoutMs?: number;
  /** For the whole run, bundling and launching included (default 5 min). */
  readonly timeoutMs?: number;
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The suite's `vitest` becomes the shim; `@rnn/tensor` (and its subpaths) its sources, as the
 * Node runs alias it, so the page never sees a stale dist/ and holds one copy of the package.
 */
const ALIAS = {
  vitest: here('./vitest-shim.ts'),
  '@rnn/tensor': here('../../../../packages/tensor/src'),
};

const HTML = '<!doctype html><meta charset="utf-8"><title>backend conformance</title><script type="module" src="/app/page.js"></script>';

/** An entry that hands the backend module to the page runner; written to a temporary folder for esbuild. */
async function bundlePage(bundle: (entry: string) => Promise<string>, backendModule: string, config: PageConfig): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rnn-conformance-'));
  try {
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      [
        `import * as backend from ${JSON.stringify(backendModule)};`,
        `import { runInPage } from ${JSON.stringify(here('./page-entry.ts'))};`,
        `void runInPage(backend, ${JSON.stringify(config)});`,
      ].join('\n'),
    );
    return await bundle(entry);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runConformanceInChromium(options: ChromiumConformanceOptions): Promise<ConformanceSummary> {
  const { name, backendModule, launchArgs = [], folders = {}, isolated = false, filter, testTimeoutMs = 60_000, timeoutMs = 300_000 } = options;
  // Loaded on first use, so the Node-only suite does not load playwright-core and esbuild.
  const { bundleForBrowser, launchChromium, serve } = await import('@rnn/browser-testing');
  const deadline = Date.now() + timeoutMs;
  const config: PageConfig = { name, filter: filter === undefined ? null : { source: filter.source, flags: filter.flags }, testTimeoutMs };
  const bundle = await bundlePage((entry) => bundleForBrowser(entry, { alias: ALIAS }), backendModule, config);
  const server = await serve({ files: { '/': HTML, '/app/page.js': bundle }, folders, isolated });
  const browser = await launchChromium(launchArgs);
  try {
    const page = await browser.newPage();
    const uncaught: string[] = [];
    page.on('pageerror', (error) => uncaught.push(error.message));
    await page.goto(server.origin);
    const state = async (): Promise<PageState | undefined> => page.evaluate((key) => (globalThis as unknown as Record<string, PageState | undefined>)[key], STATE_KEY);
    try {
      await page.waitForFunction((key) => ((globalThis as unknown as Record<string, PageState | undefined>)[key]?.summary ?? null) !== null, STATE_KEY, {
        timeout: Math.max(1, deadline - Date.now()),
        polling: 500,
      });
    } catch (error) {
      const running = (await state().catch(() => undefined))?.running ?? 'nothing yet';
      throw new Error(`conformance in Chromium (${name}): no summary within ${timeoutMs} ms; the page was running: ${running}; uncaught: ${JSON.stringify(uncaught)}`, { cause: error });
    }
    const summary = (await state())!.summary!;
    return { ...summary, failed: [...summary.failed, ...uncaught.map((message) => ({ name: 'uncaught in the page', message }))] };
  } finally {
    await browser.close();
    await server.close();
  }
}
