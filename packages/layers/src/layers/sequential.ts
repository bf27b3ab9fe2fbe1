/** `Sequential`: modules applied one after another. */
import { tidy, type Tensor } from '@rnn/tensor';
import type { ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';

/**
 * Feeds each layer's output to the next. Children are named "0", "1", … as in PyTorch's
 * `nn.Sequential`, so parameters are `0.weight`, `1.bias`, …; intermediate results are freed as
 * soon as the chain has passed them.
 *
 * @example
 * const model = new Sequential([new Dense({ inFeatures: 4, outFeatures: 8, activation: 'relu', generator }), new Dense({ inFeatures: 8, outFeatures: 1, generator })]);
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[]) {
    super();
    this.layers = layers.map((layer, i) => this.registerModule(String(i), layer));
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.layers.reduce((h, layer) => layer.forward(h), x));
  }

  toConfig(): ModuleConfig {
    return { type: 'Sequential', options: { layers: this.layers.map((layer) => layer.toConfig()) } };
  }

  static fromConfig(options: ConfigReader): Sequential {
    return new Sequential(options.modules('layers'));
  }
}
