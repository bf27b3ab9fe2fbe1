// Sequence to sequence on the webgpu backend agrees with the cpu backend (see @rnn/backend-conformance/models).
import { describeSeq2SeqAgreement } from '@rnn/backend-conformance/models';
import { afterAll, beforeAll, describe } from 'vitest';
import type { WebGpuBackend } from './backend.js';
import { createTestBackend, noGpuReason } from './testing/gpu.js';

describe.skipIf(noGpuReason !== null)('Seq2Seq on the webgpu backend', () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    backend = await createTestBackend();
  });
  afterAll(() => {
    backend.destroy();
  });
  describeSeq2SeqAgreement('webgpu', () => backend);
});
