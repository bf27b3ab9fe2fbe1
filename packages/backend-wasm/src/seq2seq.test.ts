// Sequence to sequence on the wasm backend agrees with the cpu backend (see @rnn/backend-conformance/models).
import { describeSeq2SeqAgreement } from '@rnn/backend-conformance/models';
import { afterAll } from 'vitest';
import { createWasmBackend } from './index.js';

const backend = await createWasmBackend();
afterAll(() => {
  backend.destroy();
});

describeSeq2SeqAgreement('wasm', () => backend);
