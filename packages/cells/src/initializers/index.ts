/**
 * Initializers, used as `init.orthogonal()` (as `torch.nn.init`). Each is a factory returning an
 * {@link Initializer}; all randomness comes from the context's explicit Generator.
 */
export { constant, identity, ones, zeros } from './constant.js';
export { fans, type InitContext, type Initializer } from './initializer.js';
export { orthogonal } from './orthogonal.js';
export { glorotNormal, glorotUniform, pytorchDefault, randomNormal, randomUniform, xavierNormal, xavierUniform } from './random.js';
export { overrideRows } from './rows.js';
