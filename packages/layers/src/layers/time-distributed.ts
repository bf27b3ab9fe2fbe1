/** `TimeDistributed`: one module applied to every time step of a sequence. */
import { reshape, ShapeError, tidy, type Tensor } from '@rnn/tensor';
import type { ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';

/**
 * Applies `layer` to each step of a time-major `[T, B, …]` input by folding time into the batch
 * (`[T·B, …]`), one call instead of T, and unfolding the result to `[T, B, …]`. The layer's
 * parameters are shared by all steps and named `layer.…`.
 */
export class TimeDistributed extends Module {
  readonly layer: Module;

  constructor(layer: Module) {
    super();
    this.layer = this.registerModule('layer', layer);
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 2) throw new ShapeError('TimeDistributed', [x.shape], 'needs a [time, batch, …] input of rank ≥ 2');
    const [steps, batch] = [x.shape[0]!, x.shape[1]!];
    return tidy(() => {
      const y = this.layer.forward(reshape(x, [steps * batch, ...x.shape.slice(2)]));
      if (y.rank === 0 || y.shape[0] !== steps * batch) {
        throw new ShapeError('TimeDistributed', [x.shape, y.shape], `the layer must keep the folded batch dim ${steps * batch}`);
      }
      return reshape(y, [steps, batch, ...y.shape.slice(1)]);
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'TimeDistributed', options: { layer: this.layer.toConfig() } };
  }

  static fromConfig(options: ConfigReader): TimeDistributed {
    return new TimeDistributed(options.module('layer'));
  }
}
