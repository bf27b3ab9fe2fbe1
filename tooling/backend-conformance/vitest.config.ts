import { packageVitestConfig } from '../config/vitest.js';

export default packageVitestConfig({ aliases: ['@rnn/tensor', '@rnn/tensor/backend'] });
