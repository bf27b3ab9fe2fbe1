/**
 * Where the training session is, as the page knows it: which buttons work and what the status
 * line says follow from this alone.
 */
export type SessionState = 'starting' | 'configuring' | 'no-model' | 'paused' | 'running';

/** Whether there is a model to train, inspect, sample or save. */
export function hasModel(state: SessionState): boolean {
  return state === 'paused' || state === 'running';
}
