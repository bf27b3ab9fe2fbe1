// The backend in a real browser (Debian's Chromium through playwright-core): the shipped .wasm
// loads over http, the best variant is chosen, and threads run in Web Workers on a
// cross-origin isolated page — or the backend falls back to one thread and says why.
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, findChromium, launchChromium, serve, type Browser, type StaticServer } from '@rnn/browser-testing';
import { fromArray, matmul } from '@rnn/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../index.js';
import { operand, type PageResult } from './page-entry.js';

const chromium = findChromium();
if (chromium === null) console.warn('browser tests skipped: no Chromium (tooling/scripts/ensure-chromium.sh installs it)');

const HTML = '<!doctype html><meta charset="utf-8"><script type="module" src="/app/page.js"></script>';

describe.skipIf(chromium === null)('the wasm backend in Chromium', () => {
  let browser: Browser;
  const servers: StaticServer[] = [];
  let bundle: string;
  let expected: number[];

  beforeAll(async () => {
    bundle = await bundleForBrowser(fileURLToPath(new URL('page-entry.ts', import.meta.url)));
    browser = await launchChromium();
    const backend = await createWasmBackend();
    const n = 192;
    const c = matmul(fromArray(operand(n, 1), { shape: [n, n], backend }), fromArray(operand(n, 2), { shape: [n, n], backend }));
    expected = [...c.dataSync()];
    backend.destroy();
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  /**
   * The browser may pick the relaxed-SIMD build (fused multiply-add), so results agree to float32
   * rounding of 192-term dot products of values in [−1, 1]: |diff| ≤ 2e-5 + 1e-5·|expected|.
   */
  function expectProduct(actual: readonly number[]): void {
    expect(actual.length).toBe(expected.length);
    const outside = actual.filter((v, i) => !(Math.abs(v - expected[i]!) <= 2e-5 + 1e-5 * Math.abs(expected[i]!)));
    expect(outside).toEqual([]);
  }

  async function runIn(isolated: boolean, threads: number): Promise<PageResult> {
    // The bundle's `new URL('../wasm/', import.meta.url)` resolves from /app/page.js to /wasm/.
    const server = await serve({
      files: { '/': HTML, '/app/page.js': bundle },
      folders: { '/wasm/': fileURLToPath(new URL('../../wasm/', import.meta.url)) },
      isolated,
    });
    servers.push(server);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.origin);
    await page.waitForFunction(() => 'runInPage' in globalThis);
    const result = await page.evaluate((t) => (globalThis as unknown as { runInPage: (t: number) => Promise<PageResult> }).runInPage(t), threads);
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  it('runs on one thread on a plain page', async () => {
    const result = await runIn(false, 1);
    expect(['simd', 'relaxed']).toContain(result.variant);
    expectProduct(result.product);
  });

  it('runs two threads in Web Workers on a cross-origin isolated page', async () => {
    const result = await runIn(true, 2);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.threads).toBe(2);
    expect(result.variant).toMatch(/\.threads$/);
    expectProduct(result.product);
  });

  it('falls back to one thread without cross-origin isolation, and says why', async () => {
    const result = await runIn(false, 2);
    expect(result.threads).toBe(1);
    expect(result.note).toMatch(/cross-origin isolated|SharedArrayBuffer/);
    expectProduct(result.product);
  });
});
