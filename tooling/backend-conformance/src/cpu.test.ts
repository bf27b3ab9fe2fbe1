// The cpu backend runs the suite here, where the suite lives: @rnn/tensor cannot depend on this
// package (it depends on @rnn/tensor), and every other backend runs it the same way.
import { createCpuBackend } from '@rnn/tensor';
import { describeBackend } from './index.js';

describeBackend('cpu', () => createCpuBackend());
