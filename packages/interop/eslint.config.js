import { rnnConfig } from '@rnn/eslint-config';

export default rnnConfig(import.meta.dirname);
