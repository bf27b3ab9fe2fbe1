import { join } from 'node:path';
import { describeReadmeExamples } from '@rnn/readme-examples';

const packageDir = join(import.meta.dirname, '..');
describeReadmeExamples({ packageDir, sources: { '@rnn/tensor': join(packageDir, 'src', 'index.ts') } });
