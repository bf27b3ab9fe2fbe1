/** What the importer's walk makes of a stretch of the graph: a module config and its weights. */
import type { ModuleConfig } from '@rnn/layers';

/** One parameter's values, in the module's `namedParameters()` order, with the initializer it came from. */
export interface Weight {
  readonly dims: readonly number[];
  readonly data: Float32Array;
  readonly source: string;
}

/**
 * A module the graph shows. `config` holds only what the graph determines (sizes, cell options,
 * layout); the rest (dropout rates, dtype) comes from the file's metadata or defaults.
 */
export interface Recognized {
  readonly config: ModuleConfig;
  readonly weights: readonly Weight[];
}

/** OneHot of width `depth`: no module of its own, the input side of a one-hot LanguageModel. */
export interface RecognizedOneHot {
  readonly oneHot: number;
}

export type ChainItem = Recognized | RecognizedOneHot;
