/** Errors raised when restoring optimizer state. */
import { RnnError, type Shape } from '@rnn/tensor';

const fmt = (shape: Shape | null): string => (shape === null ? 'none' : `[${shape.join(', ')}]`);

/**
 * A saved optimizer state that does not fit this optimizer's parameters: a slot whose shape or
 * dtype differs from its parameter, a slot for a parameter index that does not exist, or a slot
 * name this optimizer does not use. `slot` is the key as saved (`'exp_avg.3'`).
 */
export class OptimizerStateError extends RnnError {
  override name = 'OptimizerStateError';
  constructor(
    readonly optimizer: string,
    readonly slot: string,
    readonly detail: string,
    readonly expectedShape: Shape | null = null,
    readonly actualShape: Shape | null = null,
  ) {
    super(
      `${optimizer}.setState: slot '${slot}' ${detail}` +
        (expectedShape !== null || actualShape !== null
          ? ` (parameter shape ${fmt(expectedShape)}, saved shape ${fmt(actualShape)})`
          : ''),
    );
  }
}
