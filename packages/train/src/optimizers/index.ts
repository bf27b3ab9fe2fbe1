export { Optimizer, type OptimizerConfig, type OptimizerState, type ParameterUpdate, type UpdateResult } from './optimizer.js';
export { OptimizerStateError } from './errors.js';
export { SGD, type SgdConfig, type SgdOptions } from './sgd.js';
export { RMSprop, type RmspropConfig, type RmspropOptions } from './rmsprop.js';
export { Adagrad, type AdagradConfig, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamConfig, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
