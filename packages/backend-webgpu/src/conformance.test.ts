// The shared conformance suite: every kernel against the cpu-float64 oracle, plainly and under
// autograd, finite differences, fused ≡ composed, no leaked handles. float32 only (caps.float64
// is false), so every float64 case skips by capability.
import { describeBackend } from '@rnn/backend-conformance';
import { describe } from 'vitest';
import { createTestBackend, noGpuReason } from './testing/gpu.js';

describe.skipIf(noGpuReason !== null)('webgpu', () => {
  describeBackend('webgpu', () => createTestBackend());
});
