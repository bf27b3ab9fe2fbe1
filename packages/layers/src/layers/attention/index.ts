/** Attention for seq2seq decoders: the shared base and the Bahdanau and Luong scores. */
export { Attention, maskedSoftmax, type AttentionMemory, type AttentionResult } from './attention.js';
export { AdditiveAttention, type AdditiveAttentionOptions } from './additive-attention.js';
export { LUONG_SCORES, LuongAttention, type LuongAttentionOptions, type LuongScore } from './luong-attention.js';
