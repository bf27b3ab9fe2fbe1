/**
 * @rnn/cells: recurrent cells as small declarations (parameters under PyTorch's names, state,
 * one step in `@rnn/tensor` ops), bound to weights to run through `rnnSequence`.
 *
 * @example
 * import { createCpuBackend, Generator, normal, rnnSequence, setBackend } from '@rnn/tensor';
 * import { initParameters, lstmCell } from '@rnn/cells';
 * setBackend(createCpuBackend());
 * const lstm = lstmCell({ inputSize: 3, hiddenSize: 8, peephole: true });
 * const weights = initParameters(lstm, { generator: new Generator(0) });
 * const { output } = rnnSequence(lstm.bind(weights), normal([5, 2, 3], { generator: new Generator(1) }));
 */
export { defineCell, type BindOptions, type CellDefinition, type CellSpec, type Observe, type ParameterSpec } from './cell.js';
export { initParameters, type InitParametersOptions } from './init-parameters.js';
export { WeightError } from './errors.js';
export * as init from './initializers/index.js';
export type { InitContext, Initializer } from './initializers/initializer.js';

// The gate math cells are written with, for user-defined cells.
export { linear } from './gates/linear.js';
export type { Activation } from './gates/activations.js';

// The cells
export { elmanCell, type ElmanOptions } from './cells/elman.js';
export { jordanCell, type JordanOptions } from './cells/jordan.js';
export { lstmCell, type LstmOptions } from './cells/lstm/lstm-cell.js';
export { lstmVariants, type LstmVariant } from './cells/lstm/variants.js';
export { gruCell, type GruOptions } from './cells/gru.js';
