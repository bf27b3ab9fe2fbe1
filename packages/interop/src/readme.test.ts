import { join } from 'node:path';
import { describeReadmeExamples } from '@rnn/readme-examples';

const packageDir = join(import.meta.dirname, '..');
describeReadmeExamples({
  packageDir,
  sources: {
    '@rnn/interop': join(packageDir, 'src', 'index.ts'),
    '@rnn/layers': join(packageDir, '..', 'layers', 'src', 'index.ts'),
    '@rnn/cells': join(packageDir, '..', 'cells', 'src', 'index.ts'),
    '@rnn/tensor': join(packageDir, '..', 'tensor', 'src', 'index.ts'),
  },
});
