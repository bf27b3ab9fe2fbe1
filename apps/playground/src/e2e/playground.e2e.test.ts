// The playground as a person uses it, in real Chromium (Debian's package, driven by
// playwright-core): the built app served by Vite's preview server (with its COOP/COEP headers),
// a char-LM trained in the worker until the loss chart shows a falling loss over 50 steps, a
// sample streamed, the heatmaps and the gradient comparison drawn, the model saved in the CLI's
// checkpoint format. The page's screenshot is kept in artifacts/ for CI.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium, type Browser, type Page } from '@rnn/browser-testing';
import { decodeCheckpoint } from '@rnn/train';
import { createCpuBackend } from '@rnn/tensor';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${root}dist/index.html`);
const chromium = findChromium();
if (chromium === null) console.warn('playground e2e skipped: no Chromium (tooling/scripts/ensure-chromium.sh installs it)');
if (!built) console.warn('playground e2e skipped: no build (run `pnpm --filter playground build`; `turbo run test` builds first)');

/** Where CI keeps the screenshot. */
export const SCREENSHOT = `${root}artifacts/playground.png`;

const byTestId = (id: string): string => `[data-testid="${id}"]`;

describe.skipIf(chromium === null || !built)('the playground in Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await preview({ root, configFile: `${root}vite.config.ts`, logLevel: 'error', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    const address = server.httpServer.address() as AddressInfo;
    origin = `http://127.0.0.1:${address.port}/`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => { resolve(); }));
  });

  it('is cross-origin isolated and reports the wasm backend with its threads', async () => {
    await page.goto(origin);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.waitForSelector(`${byTestId('backend-report')}:has-text("wasm")`, { timeout: 60_000 });
  });

  it('trains a char-LM until the loss chart shows 50 steps of falling loss', async () => {
    await page.click(byTestId('start'));
    const chart = byTestId('loss-chart');
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.getAttribute('data-steps') ?? 0) >= 50, chart, { timeout: 180_000 });
    await page.click(byTestId('pause'));
    const first = Number(await page.getAttribute(chart, 'data-loss-first'));
    const last = Number(await page.getAttribute(chart, 'data-loss-last'));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeLessThan(first);
  }, 240_000);

  it('streams a sample', async () => {
    await page.click(byTestId('sample-generate'));
    await page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? '').length >= 100, byTestId('sample-output'), { timeout: 60_000 });
  }, 90_000);

  it('draws the heatmaps of the states and every LSTM gate', async () => {
    await page.click(byTestId('inspect'));
    for (const name of ['h', 'c', 'input_gate', 'forget_gate', 'candidate', 'output_gate']) {
      await page.waitForSelector(byTestId(`heatmap-${name}`), { timeout: 60_000 });
    }
  }, 90_000);

  it('compares ∂L/∂h_t of this model, a tanh RNN and an LSTM', async () => {
    await page.click(byTestId('gradients-compare'));
    await page.waitForFunction((selector) => document.querySelectorAll(`${selector} canvas`).length >= 3, byTestId('gradient-curves'), { timeout: 60_000 });
  }, 90_000);

  it('saves the model as a checkpoint the CLI reads', async () => {
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.click(byTestId('save'));
    const file = await download;
    const path = await file.path();
    const checkpoint = decodeCheckpoint(new Uint8Array(await readFile(path)), { backend: createCpuBackend() });
    expect(checkpoint.extra.task).toBe('char-lm');
    expect(checkpoint.model.toConfig().type).toBe('LanguageModel');
    checkpoint.model.dispose();
    checkpoint.dispose();
  }, 90_000);

  it('keeps a screenshot for CI and logged no errors', async () => {
    await mkdir(`${root}artifacts`, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(errors).toEqual([]);
  });
});
