/** The language model `rnn train` builds from its options: tokens → recurrent layers → logits. */
import type { Generator } from '@rnn/tensor';
import { LanguageModel, namedCell, recurrentLayer, type Recurrent, type SequenceLayerOptions } from '@rnn/layers';
import { CliError } from '../errors.js';
import type { TrainConfig } from '../options/train-options.js';

export type ModelOptions = Pick<TrainConfig, 'cell' | 'peephole' | 'layers' | 'hidden' | 'projSize' | 'embedding' | 'bidirectional' | 'dropout'>;

/** Refuses option combinations the language-model task cannot use, each with the reason. */
export function checkModelOptions(options: ModelOptions): void {
  if (options.bidirectional) {
    throw new CliError(
      '--bidirectional cannot train a language model: the backward direction would see the very character each step must predict',
      'drop --bidirectional',
    );
  }
  const spec = namedCell(options.cell, options);
  if (options.projSize > 0 && spec.layer !== 'LSTM') throw new CliError(`--proj-size applies to LSTM cells only, not --cell ${options.cell}`, 'drop --proj-size');
  if (options.projSize >= options.hidden) throw new CliError(`--proj-size ${options.projSize} must be smaller than --hidden ${options.hidden}`);
  if (options.peephole && spec.layer !== 'LSTM') throw new CliError(`--peephole applies to LSTM cells only, not --cell ${options.cell}`, 'drop --peephole');
}

/** The recurrent layers of `--cell`, `--layers` × `--hidden`, after {@link checkModelOptions}. */
export function buildRecurrent(options: ModelOptions, inputSize: number, common: Omit<SequenceLayerOptions, 'inputSize' | 'hiddenSize'>): Recurrent {
  const { cell, hidden, layers, peephole, projSize } = options;
  return recurrentLayer(cell, { ...common, inputSize, hiddenSize: hidden, numLayers: layers, peephole, projSize });
}

/**
 * One-hot input (the char-rnn and PyTorch reference) unless `--embedding` is set; `--dropout`
 * applies between stacked layers and before the output layer.
 */
export function buildLanguageModel(options: ModelOptions, { vocabSize, generator, dtype }: { vocabSize: number; generator: Generator; dtype: 'float32' | 'float64' }): LanguageModel {
  checkModelOptions(options);
  const embeddingDim = options.embedding > 0 ? options.embedding : null;
  const rnn = buildRecurrent(options, embeddingDim ?? vocabSize, { dropout: options.dropout, dtype, generator });
  return new LanguageModel({ vocabSize, embeddingDim, rnn, dropout: options.dropout, generator });
}
