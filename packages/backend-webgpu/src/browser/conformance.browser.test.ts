// The whole conformance suite in Chromium, on the page's WebGPU adapter: Debian's headless
// Chromium offers SwiftShader (Vulkan on the CPU) to WebGPU with just --enable-unsafe-webgpu —
// --disable-gpu may stay, the page must be a secure context (http://127.0.0.1 is). Skips, with
// the reason printed, only when there is no Chromium or the page gets no adapter.
import { fileURLToPath } from 'node:url';
import { runConformanceInChromium } from '@rnn/backend-conformance';
import { findChromium } from '@rnn/browser-testing';
import { describe, expect, it } from 'vitest';

const chromium = findChromium();
if (chromium === null) console.warn('webgpu browser conformance skipped: no Chromium (tooling/scripts/ensure-chromium.sh installs it)');

describe.skipIf(chromium === null)('the webgpu backend in Chromium', () => {
  it('passes the conformance suite', async ({ skip }) => {
    const summary = await runConformanceInChromium({
      name: 'webgpu',
      backendModule: fileURLToPath(new URL('conformance-backend.ts', import.meta.url)),
      launchArgs: ['--enable-unsafe-webgpu'],
      timeoutMs: 540_000,
    });
    if (summary.unavailable !== null) {
      console.warn(`webgpu browser conformance skipped: ${summary.unavailable}`);
      skip(summary.unavailable);
    }
    console.info(`webgpu conformance in Chromium on ${summary.about ?? 'an unnamed adapter'}: ${summary.passed} passed, ${summary.skipped} skipped, ${summary.failed.length} failed in ${(summary.ms / 1000).toFixed(1)} s`);
    expect(summary.failed).toEqual([]);
    expect(summary.passed).toBeGreaterThan(1000);
  }, 600_000);
});
