/** `Dropout`: random zeroing during training (Srivastava et al. 2014), inverted scaling. */
import { ArgumentError, bernoulli, mul, tidy, type Generator, type Tensor } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';

export interface DropoutOptions {
  /** The probability of zeroing each element, in [0, 1]. */
  readonly rate: number;
  /** Draws the masks; the same seed gives the same masks. */
  readonly generator: Generator;
}

/**
 * In training mode, zeroes each element with probability `rate` and scales the rest by
 * `1 / (1 − rate)`, so expectations match and evaluation needs no rescaling ("inverted"
 * dropout, as PyTorch and Keras). In eval mode, and at rate 0, it returns its input unchanged.
 */
export class Dropout extends Module {
  readonly rate: number;
  readonly #generator: Generator;

  constructor({ rate, generator }: DropoutOptions) {
    super();
    if (!(rate >= 0 && rate <= 1)) throw new ArgumentError('Dropout', 'rate', `must be in [0, 1], got ${rate}`);
    this.rate = rate;
    this.#generator = generator;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.rate === 0) return x;
    // At rate 1 everything is dropped; the scale would be 1/0, and 0 keeps the output finite.
    const scale = this.rate === 1 ? 0 : 1 / (1 - this.rate);
    return tidy(() => {
      const kept = bernoulli(x.shape, 1 - this.rate, { generator: this.#generator, dtype: x.dtype, backend: x.backend });
      return mul(x, mul(kept, scale));
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'Dropout', options: { rate: this.rate } };
  }

  static fromConfig(options: ConfigReader, { generator }: BuildContext): Dropout {
    return new Dropout({ rate: options.number('rate', { min: 0, max: 1 }), generator });
  }
}
