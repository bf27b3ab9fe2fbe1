import { packageVitestConfig } from '../../tooling/config/vitest.js';

export default packageVitestConfig({ aliases: ['@rnn/tensor', '@rnn/tensor/backend', '@rnn/cells', '@rnn/layers'], testTimeout: 120_000 });
