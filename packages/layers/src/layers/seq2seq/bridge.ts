/**
 * `Bridge`: turns the encoder's final states into the decoder's initial ones. When the two stacks
 * match (same layers, one direction, same state sizes) the states pass as they are; otherwise a
 * learned `Dense` per decoder layer and state maps the encoder layer's final state (both
 * directions concatenated) to it — tanh for h, as Bahdanau et al. initialise s₀; linear for the
 * others (an LSTM's c is not bounded).
 */
import { ArgumentError, reshape, slice, stack, tidy, transpose, zeros, type Backend, type Generator, type Tensor } from '@rnn/tensor';
import { ConfigError } from '../../errors.js';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { Dense } from '../dense.js';
import { assertPositiveInteger, FLOAT_DTYPES, type FloatDType } from '../options.js';
import type { Recurrent } from '../recurrent/recurrent.js';

/** 'auto' copies when the stacks match and learns a dense map otherwise; 'none' starts the decoder from zeros. */
export const BRIDGE_MODES = ['auto', 'copy', 'dense', 'none'] as const;
export type BridgeMode = (typeof BRIDGE_MODES)[number];

/** The final or initial states of a recurrent stack: `[layers·directions, batch, sizes[k]]` each. */
export interface StackStates {
  readonly layers: number;
  readonly directions: 1 | 2;
  /** State names (h, c, …) and their sizes, in the cell's order. */
  readonly names: readonly string[];
  readonly sizes: readonly number[];
}

export interface BridgeOptions {
  readonly mode?: BridgeMode;
  readonly encoder: StackStates;
  readonly decoder: StackStates;
  readonly dtype?: FloatDType;
  readonly generator: Generator;
  readonly backend?: Backend;
}

/** The states a recurrent stack's cells carry (every layer's cell must carry the same sizes). */
export function stackStates(rnn: Recurrent): StackStates {
  const [first, ...rest] = rnn.cells;
  const differing = rest.findIndex((cell) => cell.stateSizes.some((size, k) => size !== first!.stateSizes[k]));
  if (differing >= 0) throw new ArgumentError('Bridge', 'rnn', `layer ${differing + 1}'s states differ in size from layer 0's; a bridge needs one size per state`);
  return { layers: rnn.numLayers, directions: rnn.directions, names: first!.stateNames, sizes: first!.stateSizes };
}

/** Whether the encoder's states can start the decoder as they are. */
export function statesMatch(encoder: StackStates, decoder: StackStates): boolean {
  return encoder.directions === 1 && encoder.layers === decoder.layers && decoder.sizes.every((size, k) => encoder.sizes[k] === undefined || encoder.sizes[k] === size);
}

export class Bridge extends Module {
  /** The resolved mode ('auto' becomes 'copy' or 'dense'). */
  readonly mode: Exclude<BridgeMode, 'auto'>;
  readonly encoder: StackStates;
  readonly decoder: StackStates;
  readonly dtype: FloatDType;
  readonly backend: Backend | undefined;
  /** `maps[l][k]`: the Dense giving decoder layer l's state k (dense mode only). */
  readonly #maps: Dense[][] = [];

  constructor({ mode = 'auto', encoder, decoder, dtype = 'float32', generator, backend }: BridgeOptions) {
    super();
    for (const [name, states] of [['encoder', encoder], ['decoder', decoder]] as const) {
      assertPositiveInteger('Bridge', `${name}.layers`, states.layers);
      states.sizes.forEach((size, k) => { assertPositiveInteger('Bridge', `${name}.sizes[${k}]`, size); });
      if (states.names.length !== states.sizes.length) throw new ArgumentError('Bridge', `${name}.names`, `has ${states.names.length} names for ${states.sizes.length} sizes`);
    }
    if (decoder.directions !== 1) throw new ArgumentError('Bridge', 'decoder.directions', 'must be 1: a decoder runs forward only');
    const match = statesMatch(encoder, decoder);
    if (mode === 'copy' && !match) {
      throw new ArgumentError(
        'Bridge',
        'mode',
        `is 'copy' but the encoder's states (${describe(encoder)}) cannot start the decoder's (${describe(decoder)}) as they are; use 'dense' (or 'auto')`,
      );
    }
    this.mode = mode === 'auto' ? (match ? 'copy' : 'dense') : mode;
    this.encoder = encoder;
    this.decoder = decoder;
    this.dtype = dtype;
    this.backend = backend;
    if (this.mode !== 'dense') return;
    for (let l = 0; l < decoder.layers; l++) {
      this.#maps.push(
        decoder.sizes.map((size, k) =>
          this.registerModule(
            `l${l}_${decoder.names[k]!}`,
            new Dense({ inFeatures: encoder.directions * this.#sourceSize(k), outFeatures: size, activation: k === 0 ? 'tanh' : 'linear', dtype, generator, ...(backend ? { backend } : {}) }),
          ),
        ),
      );
    }
  }

  /** Decoder state 0 (h) from encoder state 0 alone; see `call` for all of them. */
  forward(h: Tensor): Tensor {
    const [first, ...rest] = this.call([h], h.shape[1]!);
    for (const t of rest) t.dispose();
    return first!;
  }

  /**
   * The decoder's initial states, each `[decoder layers, batch, size]`, from the encoder's final
   * ones (`[encoder layers·directions, batch, size]`). An encoder state the decoder's cell has no
   * counterpart for is dropped; a decoder state the encoder lacks (GRU → LSTM's c) is mapped from
   * the encoder's h in dense mode and starts at zero in copy mode.
   */
  call(encoderState: readonly Tensor[], batch: number): Tensor[] {
    const { decoder, encoder } = this;
    encoderState.forEach((s, k) => {
      const expected = [encoder.layers * encoder.directions, batch, encoder.sizes[k]];
      if (s.rank !== 3 || s.shape.some((d, i) => d !== expected[i])) throw new ArgumentError('Bridge', `encoderState[${k}]`, `has shape [${s.shape.join(', ')}], expected [${expected.join(', ')}]`);
    });
    const options = { dtype: this.dtype, ...(this.backend ? { backend: this.backend } : {}) };
    return tidy(() =>
      decoder.sizes.map((size, k) => {
        if (this.mode === 'none') return zeros([decoder.layers, batch, size], options);
        if (this.mode === 'copy') return encoderState[k] ?? zeros([decoder.layers, batch, size], options);
        const source = encoderState[k] ?? encoderState[0]!;
        const layers = this.#maps.map((maps, l) => maps[k]!.forward(this.#encoderLayer(source, l, batch)));
        return stack(layers, 0);
      }),
    );
  }

  /**
   * The encoder layer that starts decoder layer l, both directions concatenated ([B, D·size]):
   * the stacks align at the top, so a deeper encoder gives its upper layers and a deeper
   * decoder's extra lower layers share the encoder's first.
   */
  #encoderLayer(state: Tensor, l: number, batch: number): Tensor {
    const { encoder, decoder } = this;
    const source = Math.max(0, encoder.layers - decoder.layers + l);
    const size = state.shape[2]!;
    const directions = slice(state, [source * encoder.directions], [encoder.directions]);
    if (encoder.directions === 1) return reshape(directions, [batch, size]);
    return reshape(transpose(directions, 0, 1), [batch, encoder.directions * size]);
  }

  /** The encoder state decoder state k is mapped from: its namesake, or h. */
  #sourceSize(k: number): number {
    return this.encoder.sizes[k] ?? this.encoder.sizes[0]!;
  }

  toConfig(): ModuleConfig {
    const { encoder, decoder } = this;
    return {
      type: 'Bridge',
      options: {
        mode: this.mode,
        encoderLayers: encoder.layers,
        encoderDirections: encoder.directions,
        encoderStates: [...encoder.names],
        encoderSizes: [...encoder.sizes],
        decoderLayers: decoder.layers,
        decoderStates: [...decoder.names],
        decoderSizes: [...decoder.sizes],
        dtype: this.dtype,
      },
    };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Bridge {
    const directions = options.integer('encoderDirections', { min: 1 });
    if (directions > 2) throw new ConfigError(`${options.path}.encoderDirections`, `must be 1 or 2, got ${directions}`);
    return new Bridge({
      mode: options.oneOf('mode', BRIDGE_MODES),
      encoder: {
        layers: options.integer('encoderLayers', { min: 1 }),
        directions: directions === 1 ? 1 : 2,
        names: options.strings('encoderStates'),
        sizes: options.integers('encoderSizes', { min: 1 }),
      },
      decoder: { layers: options.integer('decoderLayers', { min: 1 }), directions: 1, names: options.strings('decoderStates'), sizes: options.integers('decoderSizes', { min: 1 }) },
      dtype: options.oneOf('dtype', FLOAT_DTYPES),
      ...context,
    });
  }
}

function describe(states: StackStates): string {
  const sizes = states.names.map((name, k) => `${name} ${states.sizes[k]}`).join(', ');
  return `${states.layers} layer${states.layers === 1 ? '' : 's'}${states.directions === 2 ? ' × 2 directions' : ''}, ${sizes}`;
}
