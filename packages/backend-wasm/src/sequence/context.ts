/** What the sequence kernels' JS side works with: the runner, the heap's storage and the packed-weight cache. */
import type { FusedSequenceOps } from '@rnn/tensor/backend';
import type { KernelRunner } from '../runner.js';
import type { WasmStorage } from '../storage.js';
import type { PackedWeights } from './packed-weights.js';

export interface SequenceContext {
  readonly runner: KernelRunner;
  readonly storage: WasmStorage;
  readonly packs: PackedWeights;
}

/** gemmPacked's edge tile: 32 floats per entry, of which a slice uses its first entry's. */
export const TILE_FLOATS = 32;

/** `packA` scratch for B entries: a slice of n entries packs ⌈n/4⌉·4 ≤ 4n rows at row 4·begin (assembly/sequence/args.ts). */
export const packedScratch = (batch: number, stride: number): number => 4 * batch * stride;

/** What a training forward pass saved, as `rnnSequenceBackward` receives it. */
export type SavedSequence = Parameters<NonNullable<FusedSequenceOps['rnnSequenceBackward']>>[1];
