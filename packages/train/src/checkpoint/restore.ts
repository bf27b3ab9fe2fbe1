/** Putting a decoded checkpoint's training state back into live objects. */
import type { Generator } from '@rnn/tensor';
import type { Optimizer } from '../optimizers/index.js';
import type { Checkpoint } from './decode.js';
import { CheckpointError } from './errors.js';

/** What to restore; each entry present must be in the checkpoint. */
export interface RestoreTrainingTargets {
  /** Gets the saved step counts, hyperparameters (the learning rate too) and slots. */
  readonly optimizer?: Optimizer;
  /** Any schedule with `getState()`/`setState()` (every schedule in this package). */
  readonly schedule?: { getState(): unknown; setState(state: unknown): void };
  /** Each gets the saved state of the generator saved under the same name. */
  readonly generators?: Readonly<Record<string, Generator>>;
}

type Saved = Pick<Checkpoint, 'optimizerState' | 'scheduleState' | 'generatorStates'>;

/**
 * Restores `optimizer`, `schedule` and `generators` from a decoded checkpoint, so the next
 * training step is the one the saved run would have taken. Everything asked for is checked
 * first: a checkpoint without an optimizer, schedule or generator the caller names, an optimizer
 * of another kind, or a schedule of another kind is a {@link CheckpointError} and nothing is
 * changed. A slot that does not fit the optimizer's parameters is the optimizer's
 * OptimizerStateError, also before anything changes. The optimizer copies the slot tensors:
 * `checkpoint.dispose()` afterwards frees the checkpoint's.
 */
export function restoreTraining(checkpoint: Saved, { optimizer, schedule, generators = {} }: RestoreTrainingTargets): void {
  const optimizerState = checkpoint.optimizerState;
  if (optimizer !== undefined) {
    if (optimizerState === undefined) {
      throw new CheckpointError('optimizer', `state is not in the checkpoint (it was saved without an optimizer); start ${optimizer.kind} afresh or restore without it`);
    }
    if (optimizerState.optimizer !== optimizer.kind) {
      throw new CheckpointError('optimizer', `was saved by ${optimizerState.optimizer}, so it cannot restore ${optimizer.kind}; resume with ${optimizerState.optimizer}`);
    }
  }
  if (schedule !== undefined) {
    if (!('scheduleState' in checkpoint)) throw new CheckpointError('schedule', 'state is not in the checkpoint (it was saved without a schedule)');
    checkScheduleState(schedule.getState(), checkpoint.scheduleState);
  }
  const states = checkpoint.generatorStates;
  for (const name of Object.keys(generators)) {
    if (!Object.hasOwn(states, name)) {
      const saved = Object.keys(states);
      throw new CheckpointError(`generators.${name}`, `is not in the checkpoint (it has ${saved.length === 0 ? 'no generators' : saved.map((n) => `'${n}'`).join(', ')})`);
    }
  }
  if (optimizer !== undefined && optimizerState !== undefined) optimizer.setState(optimizerState);
  if (schedule !== undefined) schedule.setState(checkpoint.scheduleState);
  for (const [name, generator] of Object.entries(generators)) generator.setState(states[name]!);
}

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * A schedule's saved state must have the fields its `getState()` has, of the same JSON kinds
 * (`null` fits anything: ReduceLROnPlateau's `best` is null until its first metric), so a
 * StepLR state never lands in a ReduceLROnPlateau.
 */
function checkScheduleState(current: unknown, saved: unknown): void {
  if (kindOf(current) !== 'object' || kindOf(saved) !== 'object') {
    if (kindOf(current) !== kindOf(saved)) throw new CheckpointError('schedule', `state is a JSON ${kindOf(saved)}, this schedule's is a ${kindOf(current)}`);
    return;
  }
  const now = current as Record<string, unknown>;
  const then = saved as Record<string, unknown>;
  const keys = (o: object): string => Object.keys(o).sort().join(', ');
  if (keys(now) !== keys(then)) {
    throw new CheckpointError('schedule', `state has fields (${keys(then)}), this schedule's has (${keys(now)}): it was saved by another kind of schedule`);
  }
  for (const key of Object.keys(now)) {
    const [a, b] = [kindOf(now[key]), kindOf(then[key])];
    if (a !== b && a !== 'null' && b !== 'null') throw new CheckpointError(`schedule.${key}`, `is a JSON ${b}, this schedule's is a ${a}`);
  }
}
