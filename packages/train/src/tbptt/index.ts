/** Truncated backpropagation through time: carrying a recurrent state across chunks without its gradient. */
export { StateCarry } from './state-carry.js';
