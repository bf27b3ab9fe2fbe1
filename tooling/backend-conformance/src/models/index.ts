/** Model-level conformance: whole models from @rnn/layers trained on a backend against the cpu backend. */
export { describeSeq2SeqAgreement } from './seq2seq-agreement.js';
