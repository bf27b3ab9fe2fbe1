/** The optimizer the form names, with PyTorch's defaults for everything it leaves out. */
import type { Variable } from '@rnn/tensor';
import { Adam, RMSprop, SGD, type Optimizer } from '@rnn/train';
import type { TrainingSettings } from '../settings.js';

export function createOptimizer(params: readonly Variable[], { optimizer, learningRate: lr }: Pick<TrainingSettings, 'optimizer' | 'learningRate'>): Optimizer {
  switch (optimizer) {
    case 'adam':
      return new Adam(params, { lr });
    case 'rmsprop':
      return new RMSprop(params, { lr });
    case 'sgd':
      return new SGD(params, { lr });
  }
}
