/** How the form names the tasks, optimizers and backends of settings.ts. */
import type { BackendName, OptimizerName, TaskName } from '../settings.js';

export const TASK_LABELS: Readonly<Record<TaskName, string>> = {
  'char-lm': 'Character language model',
  adding: 'Adding problem',
  sine: 'Sine wave forecasting',
  parity: 'Parity of a bit string',
};

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  adam: 'Adam',
  rmsprop: 'RMSprop',
  sgd: 'SGD',
};

export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  wasm: 'WebAssembly',
  webgpu: 'WebGPU',
  cpu: 'Plain JavaScript (cpu)',
};
