/**
 * @rnn/train: what training a recurrent network needs around the model — losses, optimizers
 * with saveable state, learning-rate schedules and gradient clipping. (The fit loop, truncated
 * BPTT, datasets, tokenizers and checkpoints arrive with the rest of the train issue.)
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
export * from './fit/index.js';
export * from './evaluation/index.js';
export * from './data/index.js';
export * from './sampling/index.js';
