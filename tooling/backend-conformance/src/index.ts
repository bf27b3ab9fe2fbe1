/**
 * @rnn/backend-conformance: the suite every @rnn backend passes. A backend package runs it with
 *
 *   import { describeBackend } from '@rnn/backend-conformance';
 *   describeBackend('wasm', () => createWasmBackend());
 */
export { describeBackend } from './describe-backend.js';
export type { ConformanceOptions, FloatDType, Tolerances } from './options.js';
export { DEFAULT_TOLERANCES } from './options.js';
export type { Case, CaseGroup, Check, CheckEnv, Input, InputDType } from './case.js';
export { allclose, exactlyEqual } from './compare.js';
