import { packageVitestConfig } from '../../tooling/config/vitest.js';

export default packageVitestConfig({ aliases: ['@rnn/tensor', '@rnn/tensor/backend', '@rnn/cells', '@rnn/layers', '@rnn/train', '@rnn/interop'], testTimeout: 300_000 });
