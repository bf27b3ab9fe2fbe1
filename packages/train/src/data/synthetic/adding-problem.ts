/**
 * The adding problem in the form of Le, Jaitly & Hinton (2015), "A simple way to initialize
 * recurrent networks of rectified linear units", §4.1 (after Hochreiter & Schmidhuber 1997):
 * each of T steps carries two channels, a value drawn from U[0, 1] and a marker that is 1 at
 * exactly two steps, one in the first half and one in the second; the target is the sum of the
 * two marked values. Always answering 1 scores MSE Var(U₁ + U₂) = 1/6 ≈ 0.167, the baseline a
 * network must beat by carrying two numbers across up to T steps.
 *
 * The same draws as the PyTorch reference (`shared/reference/torch_adding.py`): values first,
 * then the first-half markers, then the second-half ones.
 */
import { ArgumentError, type Generator } from '@rnn/tensor';
import { positiveInteger } from '../validate.js';
import { uniformIntegers, uniformNumbers } from './numbers.js';

/** A batch laid out time-major, as the recurrent layers take it. */
export interface AddingProblemBatch {
  readonly steps: number;
  readonly batchSize: number;
  /** [steps, batchSize, 2]: channel 0 the value, channel 1 the marker. */
  readonly inputs: Float32Array;
  /** [batchSize]: the sum of the two marked values. */
  readonly targets: Float32Array;
}

export function addingProblemBatch(generator: Generator, batchSize: number, steps: number): AddingProblemBatch {
  positiveInteger('addingProblemBatch', 'batchSize', batchSize);
  if (!Number.isSafeInteger(steps) || steps < 2) throw new ArgumentError('addingProblemBatch', 'steps', `must be an integer ≥ 2 (one marker in each half), got ${steps}`);
  const half = Math.floor(steps / 2);
  const values = uniformNumbers(generator, steps * batchSize);
  const first = uniformIntegers(generator, batchSize, 0, half);
  const second = uniformIntegers(generator, batchSize, half, steps);
  const inputs = new Float32Array(steps * batchSize * 2);
  const targets = new Float32Array(batchSize);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batchSize; b++) inputs[(t * batchSize + b) * 2] = values[t * batchSize + b]!;
  }
  for (let b = 0; b < batchSize; b++) {
    for (const t of [first[b]!, second[b]!]) {
      inputs[(t * batchSize + b) * 2 + 1] = 1;
      targets[b] = targets[b]! + inputs[(t * batchSize + b) * 2]!;
    }
  }
  return { steps, batchSize, inputs, targets };
}
