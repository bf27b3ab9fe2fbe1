/**
 * `@rnn/tensor/backend`: the interface a backend implements. Types only; importing it brings
 * no runtime code from the core.
 */
export type * from './backend/types.js';
