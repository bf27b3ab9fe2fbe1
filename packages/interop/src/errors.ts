/**
 * The errors this package throws on purpose. Each extends `RnnError` (from @rnn/tensor), so one
 * `catch (e) { if (e instanceof RnnError) … }` covers the whole library, and each names where in
 * the file the problem is, so a user can find it with h5dump, netron or a hex editor.
 */
import { RnnError } from '@rnn/tensor';

/**
 * A Keras file (`.keras` zip or `.h5`) that cannot be read or does not fit: `location` names the
 * zip entry, HDF5 path, layer or weight concerned (e.g. `model_weights/lstm/lstm/lstm_cell/kernel:0`).
 */
export class KerasFormatError extends RnnError {
  override name = 'KerasFormatError';
  constructor(
    readonly location: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`keras: ${location}: ${detail}`, options);
  }
}

/**
 * An ONNX file that cannot be read or imported: `location` names the node, initializer, input or
 * byte offset concerned (e.g. `node 'lstm_0' (LSTM)`, `initializer 'W_0'`, `byte 1234`).
 */
export class OnnxFormatError extends RnnError {
  override name = 'OnnxFormatError';
  constructor(
    readonly location: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`onnx: ${location}: ${detail}`, options);
  }
}

/**
 * A model the target format cannot express (a Greff LSTM variant in ONNX, a Keras layer with no
 * @rnn counterpart): `module` names the module path or layer, `detail` what it has that the
 * format lacks.
 */
export class UnsupportedModelError extends RnnError {
  override name = 'UnsupportedModelError';
  constructor(
    readonly format: 'onnx' | 'keras' | 'pytorch',
    readonly module: string,
    readonly detail: string,
  ) {
    super(`${format}: ${module}: ${detail}`);
  }
}
