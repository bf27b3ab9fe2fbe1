/**
 * @rnn/backend-conformance: the suite every @rnn backend passes. A backend package runs it with
 *
 *   import { describeBackend } from '@rnn/backend-conformance';
 *   describeBackend('wasm', () => createWasmBackend());
 *
 * and in Chromium, from a module exporting `createBackend` (see BackendModule), with
 *
 *   const summary = await runConformanceInChromium({ name: 'wasm', backendModule: '/abs/path/backend.ts' });
 *   expect(summary.failed).toEqual([]);
 */
export { describeBackend } from './describe-backend.js';
export type { ConformanceOptions, FloatDType, Tolerances } from './options.js';
export { DEFAULT_TOLERANCES } from './options.js';
export type { Case, CaseGroup, Check, CheckEnv, Input, InputDType } from './case.js';
export { allclose, exactlyEqual } from './compare.js';
export { runConformanceInChromium, type ChromiumConformanceOptions } from './browser/run-in-chromium.js';
export type { BackendModule, ConformanceSummary, Failure, Probe } from './browser/protocol.js';
