import { describeBackend } from '@rnn/backend-conformance';
import { createCpuBackend } from '../index.js';
describeBackend('cpu', () => createCpuBackend());
