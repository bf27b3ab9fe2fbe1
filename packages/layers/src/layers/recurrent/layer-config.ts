/** What every saveable recurrent layer shares: its options, and writing/reading them as JSON. */
import type { BuildContext, ConfigReader } from '../../module/config.js';
import type { JsonObject } from '../../json.js';
import { FLOAT_DTYPES } from '../options.js';
import { MERGE_MODES } from './merge.js';
import type { Recurrent, RecurrentOptions } from './recurrent.js';

/** The options every PyTorch-style recurrent layer shares. */
export interface SequenceLayerOptions extends Omit<RecurrentOptions, 'cell'> {
  readonly hiddenSize: number;
  /** Whether the layers have `bias_ih`/`bias_hh` (default true). */
  readonly bias?: boolean;
}

/** The layer options as JSON, for `toConfig`. */
export function layerConfig(layer: Recurrent, hiddenSize: number, bias: boolean): JsonObject {
  return {
    inputSize: layer.inputSize,
    hiddenSize,
    numLayers: layer.numLayers,
    bias,
    bidirectional: layer.directions === 2,
    batchFirst: layer.batchFirst,
    dropout: layer.dropout,
    mergeMode: layer.mergeMode,
    goBackwards: layer.goBackwards,
    stateful: layer.stateful,
    returnSequences: layer.returnSequences,
    recurrentDropout: layer.recurrentDropout,
    dtype: layer.parameters()[0]!.dtype,
  };
}

/** Reads what {@link layerConfig} wrote. */
export function readLayerConfig(options: ConfigReader, context: BuildContext): Omit<SequenceLayerOptions, 'generator'> & BuildContext {
  return {
    inputSize: options.integer('inputSize', { min: 1 }),
    hiddenSize: options.integer('hiddenSize', { min: 1 }),
    numLayers: options.integer('numLayers', { min: 1 }),
    bias: options.boolean('bias'),
    bidirectional: options.boolean('bidirectional'),
    batchFirst: options.boolean('batchFirst'),
    dropout: options.number('dropout', { min: 0, max: 1 }),
    mergeMode: options.oneOf('mergeMode', MERGE_MODES),
    goBackwards: options.boolean('goBackwards'),
    stateful: options.boolean('stateful'),
    returnSequences: options.boolean('returnSequences'),
    recurrentDropout: options.number('recurrentDropout', { min: 0, max: 1 }),
    dtype: options.oneOf('dtype', FLOAT_DTYPES),
    ...context,
  };
}
