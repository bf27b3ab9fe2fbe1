/** Turning a cell's parameter declarations into initial weights. */
import { ArgumentError, ShapeError, type Backend, type DType, type Generator, type Tensor } from '@rnn/tensor';
import type { CellDefinition } from './cell.js';
import { fans, type Initializer } from './initializers/initializer.js';

export interface InitParametersOptions {
  /** The only source of randomness: the same seed gives the same weights on every backend. */
  readonly generator: Generator;
  /** Default float32. */
  readonly dtype?: DType;
  /** Default: the current backend. */
  readonly backend?: Backend;
  /** Replaces the cell's own initializer for the named parameters, e.g. `{ weight_hh: init.orthogonal() }`. */
  readonly initializers?: Readonly<Record<string, Initializer>>;
}

/**
 * A fresh tensor for each of the cell's parameters, keyed by name, drawn in declaration order
 * (so one seed always gives the same weights). Wrap them in `variable()` to train them.
 *
 * @example
 * const weights = initParameters(lstmCell({ inputSize: 8, hiddenSize: 16 }), { generator: new Generator(0) });
 */
export function initParameters(definition: CellDefinition, options: InitParametersOptions): Record<string, Tensor> {
  const { generator, dtype = 'float32', backend, initializers = {} } = options;
  const declared = new Set(definition.parameters.map((p) => p.name));
  const unknown = Object.keys(initializers).find((name) => !declared.has(name));
  if (unknown !== undefined) {
    throw new ArgumentError('initParameters', 'initializers', `name '${unknown}', which the ${definition.kind} cell does not declare (it has ${[...declared].join(', ')})`);
  }
  const weights: Record<string, Tensor> = {};
  for (const { name, shape, init } of definition.parameters) {
    const initializer = Object.hasOwn(initializers, name) ? initializers[name]! : init;
    const value = initializer(shape, { generator, dtype, backend, ...fans(shape) });
    if (value.shape.length !== shape.length || value.shape.some((d, i) => d !== shape[i])) {
      value.dispose();
      throw new ShapeError(`initParameters (${definition.kind} '${name}')`, [shape, value.shape], 'the initializer returned the wrong shape');
    }
    weights[name] = value;
  }
  return weights;
}
