/** Giving some rows of a gate-stacked parameter their own initializer. */
import { concat, slice, tidy } from '@rnn/tensor';
import type { Initializer } from './initializer.js';

/**
 * `base` everywhere except rows [start, start + count), which come from `rows`. `base` still
 * draws the whole tensor, so the other rows are the numbers they would be without the override
 * (switching, say, LSTM's `unitForgetBias` on leaves every other weight unchanged).
 */
export const overrideRows =
  (base: Initializer, start: number, count: number, rows: Initializer): Initializer =>
  (shape, context) =>
    tidy(() => {
      const whole = base(shape, context);
      const rest = shape.slice(1);
      const before = slice(whole, [0], [start]);
      const after = slice(whole, [start + count]);
      return concat([before, rows([count, ...rest], context), after], 0);
    });
