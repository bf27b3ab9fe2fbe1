/**
 * A Keras layer config read as a {@link LayerSpec}, refusing every option @rnn cannot
 * reproduce with an {@link UnsupportedModelError} that says what and why.
 */
import { ACTIVATIONS, type Activation, type MergeMode } from '@rnn/layers';
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
import type { ConfigFields } from './config-fields.js';
import type { DenseSpec, LayerSpec, RecurrentCellKind, RecurrentSpec } from './layer-spec.js';
import type { KerasLayerConfig } from './model-config.js';

const RECURRENT_CELLS: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'] satisfies RecurrentCellKind[];
const KERAS_MERGE_MODES: Readonly<Record<string, MergeMode>> = { concat: 'concat', sum: 'sum', mul: 'mul', ave: 'ave' };

/**
 * The spec of `layer`, or null for a layer without computation (InputLayer). `inputFeatures`
 * gives the size of what the layer reads; it is called only by layers that need it.
 */
export function specFromKeras(layer: KerasLayerConfig, inputFeatures: () => number): LayerSpec | null {
  const { className, name, config } = layer;
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', name, detail);
  if (className === 'InputLayer') return null;
  if (RECURRENT_CELLS.includes(className)) return recurrentSpec(name, className as RecurrentCellKind, config, inputFeatures(), false, 'concat');
  switch (className) {
    case 'Bidirectional':
      return bidirectionalSpec(name, config, inputFeatures());
    case 'Dense':
      return denseSpec(name, config, inputFeatures(), false);
    case 'TimeDistributed': {
      const inner = config.object('layer');
      if (inner.string('class_name') !== 'Dense') throw refuse(`TimeDistributed wraps a ${inner.string('class_name')}; only TimeDistributed(Dense) can be imported`);
      return denseSpec(name, inner.object('config'), inputFeatures(), true);
    }
    case 'Embedding':
      if (config.boolean('mask_zero', false)) {
        throw refuse('mask_zero=True: Keras would mask padding steps in every later layer, and an @rnn Sequential does not propagate masks, so the outputs would differ (use Embedding.computeMask with Recurrent.call yourself)');
      }
      return { kind: 'embedding', inputDim: config.positiveInteger('input_dim'), outputDim: config.positiveInteger('output_dim') };
    case 'Dropout':
      return { kind: 'dropout', rate: config.number('rate', 0, { min: 0, max: 1 }) };
    default:
      throw refuse(`layer class ${className} has no @rnn counterpart (supported: InputLayer, SimpleRNN, LSTM, GRU, Bidirectional, Dense, TimeDistributed(Dense), Embedding, Dropout, Activation)`);
  }
}

function recurrentSpec(name: string, cell: RecurrentCellKind, config: ConfigFields, inputSize: number, bidirectional: boolean, mergeMode: MergeMode): RecurrentSpec {
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', name, detail);
  const activation = activationName(config, 'activation', 'tanh', refuse);
  const allowed = cell === 'SimpleRNN' ? ['tanh', 'relu'] : ['tanh'];
  if (!allowed.includes(activation)) throw refuse(`activation '${activation}': @rnn's ${cell} cell uses ${allowed.join(' or ')}`);
  if (cell !== 'SimpleRNN') {
    const gate = activationName(config, 'recurrent_activation', 'sigmoid', refuse);
    if (gate !== 'sigmoid') throw refuse(`recurrent_activation '${gate}': @rnn's ${cell} gates use the logistic sigmoid, and Keras's ${gate} is a different function`);
  }
  if (config.boolean('return_state', false)) throw refuse('return_state=True: a Sequential passes one tensor on, so the states Keras returns beside the output have nowhere to go');
  if (config.boolean('time_major', false)) throw refuse('time_major=True (Keras 2): only batch-major Keras layers are imported');
  const returnSequences = config.boolean('return_sequences', false);
  const goBackwards = config.boolean('go_backwards', false);
  if (goBackwards && returnSequences && !bidirectional) {
    throw refuse('go_backwards=True with return_sequences=True: Keras returns those outputs in the reversed order it computed them, while @rnn realigns them with the input, so the outputs would come back time-reversed');
  }
  return {
    kind: 'recurrent',
    cell,
    inputSize,
    units: config.positiveInteger('units'),
    useBias: config.boolean('use_bias', true),
    activation: activation as 'tanh' | 'relu',
    resetAfter: cell === 'GRU' ? config.boolean('reset_after', true) : true,
    bidirectional,
    mergeMode,
    returnSequences,
    goBackwards: bidirectional ? false : goBackwards,
    stateful: config.boolean('stateful', false),
    recurrentDropout: recurrentDropout(name, config),
  };
}

function bidirectionalSpec(name: string, config: ConfigFields, inputSize: number): RecurrentSpec {
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', name, detail);
  const mode = config.get('merge_mode');
  const mergeMode = mode === null ? 'none' : typeof mode === 'string' && Object.hasOwn(KERAS_MERGE_MODES, mode) ? KERAS_MERGE_MODES[mode] : undefined;
  if (mergeMode === undefined) throw refuse(`merge_mode ${JSON.stringify(mode)} is not one of concat, sum, mul, ave, None`);
  const inner = config.object('layer');
  const cell = inner.string('class_name');
  if (!RECURRENT_CELLS.includes(cell)) throw refuse(`Bidirectional wraps a ${cell}; only SimpleRNN, LSTM and GRU can be imported`);
  const innerConfig = inner.object('config');
  if (innerConfig.boolean('go_backwards', false)) throw refuse('the wrapped layer has go_backwards=True, which makes Keras run both directions backwards');
  const forward = recurrentSpec(name, cell as RecurrentCellKind, innerConfig, inputSize, true, mergeMode);
  const backwardEntry = config.get('backward_layer');
  if (backwardEntry !== undefined && backwardEntry !== null) {
    // A custom backward layer is imported only when it is the mirror Keras would make itself.
    const backward = config.object('backward_layer');
    const backwardSpec = backward.string('class_name') === cell ? recurrentSpec(name, cell as RecurrentCellKind, backward.object('config'), inputSize, true, mergeMode) : null;
    if (backwardSpec === null || !backward.object('config').boolean('go_backwards', false) || JSON.stringify(backwardSpec) !== JSON.stringify(forward)) {
      throw refuse('its backward_layer is not a go_backwards copy of the forward layer; @rnn runs the same kind of cell both ways');
    }
  }
  return forward;
}

function denseSpec(name: string, config: ConfigFields, inFeatures: number, timeDistributed: boolean): DenseSpec {
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', name, detail);
  const activation = activationName(config, 'activation', 'linear', refuse);
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) throw refuse(`activation '${activation}': @rnn's Dense offers ${ACTIVATIONS.join(', ')}`);
  return { kind: 'dense', inFeatures, units: config.positiveInteger('units'), useBias: config.boolean('use_bias', true), activation: activation as Activation, timeDistributed };
}

/** Keras's `recurrent_dropout`, in [0, 1) as @rnn's recurrentDropout needs. */
function recurrentDropout(name: string, config: ConfigFields): number {
  const rate = config.number('recurrent_dropout', 0, { min: 0, max: 1 });
  if (rate === 1) throw new KerasFormatError(name, 'recurrent_dropout is 1, which would drop every recurrent input; Keras requires less than 1');
  return rate;
}

/** An activation by name; Keras writes a string, or an object for a custom one (refused). */
export function activationName(config: ConfigFields, key: string, fallback: string, refuse: (detail: string) => Error): string {
  const value = config.get(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw refuse(`${key} is a custom or serialized function object; only built-in activations by name can be imported`);
  return value;
}
