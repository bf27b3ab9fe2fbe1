// The shared conformance suite: every kernel against the cpu-float64 oracle, plainly and under
// autograd, finite differences, fused ≡ composed, no leaked handles.
import { describeBackend } from '@rnn/backend-conformance';
import { createWasmBackend } from './index.js';

describeBackend('wasm', () => createWasmBackend());
