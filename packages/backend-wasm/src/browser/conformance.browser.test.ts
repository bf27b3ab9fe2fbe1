// The whole conformance suite in Chromium, not only in Node: the same case files, bundled for a
// page by @rnn/backend-conformance's runConformanceInChromium, against the shipped .wasm
// loaded over http. Counts match the Node run (conformance.test.ts) exactly: 2605 passed, 127
// skipped (float64 sequence and fused-training cases, which the backend declines by caps), in
// about 2 s in the page, 3 s with bundling and launching Chromium.
import { fileURLToPath } from 'node:url';
import { runConformanceInChromium } from '@rnn/backend-conformance';
import { findChromium } from '@rnn/browser-testing';
import { describe, expect, it } from 'vitest';

const chromium = findChromium();
if (chromium === null) console.warn('browser conformance skipped: no Chromium (tooling/scripts/ensure-chromium.sh installs it)');

describe.skipIf(chromium === null)('the wasm backend in Chromium', () => {
  it('passes the conformance suite', async () => {
    const summary = await runConformanceInChromium({
      name: 'wasm',
      backendModule: fileURLToPath(new URL('conformance-backend.ts', import.meta.url)),
      // The bundle's `new URL('../wasm/', import.meta.url)` resolves from /app/page.js to /wasm/.
      folders: { '/wasm/': fileURLToPath(new URL('../../wasm/', import.meta.url)) },
    });
    console.info(`wasm conformance in Chromium: ${summary.passed} passed, ${summary.skipped} skipped, ${summary.failed.length} failed in ${(summary.ms / 1000).toFixed(1)} s`);
    expect(summary.failed).toEqual([]);
    expect(summary.passed).toBeGreaterThan(2500);
  }, 300_000);
});
