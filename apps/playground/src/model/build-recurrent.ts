/** The recurrent layer a playground model is built around, from the form's model settings. */
import type { Generator } from '@rnn/tensor';
import { recurrentLayer, type Recurrent } from '@rnn/layers';
import type { ModelSettings } from '../settings.js';

export interface RecurrentInput {
  readonly inputSize: number;
  /** Every step's output (char-lm, sine) or only the last one (adding, parity). */
  readonly returnSequences: boolean;
  readonly generator: Generator;
}

/** `settings.dropout` applies between stacked layers here; the task's model adds it before the head. */
export function buildRecurrent(settings: ModelSettings, { inputSize, returnSequences, generator }: RecurrentInput): Recurrent {
  return recurrentLayer(settings.cell, {
    inputSize,
    hiddenSize: settings.hidden,
    numLayers: settings.layers,
    bidirectional: settings.bidirectional,
    dropout: settings.dropout,
    blockSize: settings.blockSize,
    returnSequences,
    generator,
  });
}
