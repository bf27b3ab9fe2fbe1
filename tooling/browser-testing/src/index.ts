/**
 * @rnn/browser-testing: run test code in real Chromium.
 *
 *   const server = await serve({ files: { '/': html, '/app.js': await bundleForBrowser(entry) }, isolated: true });
 *   const browser = await launchChromium();
 *   const page = await browser.newPage();
 *   await page.goto(server.origin);
 */
export { findChromium, launchChromium } from './chromium.js';
export { serve, type ServeOptions, type StaticServer } from './server.js';
export { bundleForBrowser, type BundleOptions } from './bundle.js';
export type { Browser, Page } from 'playwright-core';
