// The backend module the browser conformance run bundles into its page (see
// conformance.browser.test.ts): one thread, the variant the browser supports best.
import { createWasmBackend } from '../index.js';

export const createBackend = () => createWasmBackend();
