import { mergeConfig } from 'vitest/config';
import { packageVitestConfig } from '../../tooling/config/vitest.js';

export default mergeConfig(packageVitestConfig({ aliases: ['@rnn/tensor', '@rnn/tensor/backend', '@rnn/tensor/kernels', '@rnn/cells', '@rnn/layers', '@rnn/train'] }), {
  test: { setupFiles: ['./src/testing/setup.ts'] },
});
