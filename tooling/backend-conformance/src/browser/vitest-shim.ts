/**
 * What `vitest` resolves to when the suite is bundled for a page (see run-in-chromium.ts): the
 * same names, so the case files run unchanged.
 */
export { afterAll, beforeAll, describe, it } from './suite.js';
export { expect } from './expect.js';
