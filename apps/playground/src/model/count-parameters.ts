/** The size of a model, as the page reports it. */
import type { Module } from '@rnn/layers';

export function countParameters(model: Module): number {
  return model.parameters().reduce((n, p) => n + p.size, 0);
}
