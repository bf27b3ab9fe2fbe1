/**
 * @rnn/train: what training a recurrent network needs around the model — losses, optimizers
 * with saveable state, learning-rate schedules, gradient clipping, the `fit` loop and its
 * callbacks, datasets and tokenizers, sampling, truncated BPTT and atomic checkpoints.
 *
 * @example
 * import { Adam, clipGradNorm, crossEntropy } from '@rnn/train';
 * const optimizer = new Adam(model.parameters(), { lr: 2e-3 });
 * const { value, grads } = variableGrads(() => crossEntropy(model.forward(x), y));
 * const { grads: clipped, norm } = clipGradNorm(grads, 5);
 * optimizer.step(clipped);
 */
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './optimizers/index.js';
export * from './schedules/index.js';
export * from './clipping/index.js';
export * from './data/index.js';
export * from './sampling/index.js';
export * from './tbptt/index.js';
export * from './fit/index.js';
export * from './checkpoint/index.js';
export * from './evaluation/index.js';
