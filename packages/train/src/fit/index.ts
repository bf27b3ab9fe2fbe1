export { fit } from './fit.js';
export { NonFiniteError } from './errors.js';
export type { BatchSource, Callback, FitOptions, FitResult, StepLoss, StepLogs, TrainingContext, ValidationLogs } from './types.js';
export { formatStep, formatValidation, progressLogger, type ProgressLoggerOptions } from './callbacks/progress-logger.js';
export { earlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { checkpointEvery, type CheckpointEveryOptions } from './callbacks/checkpoint-every.js';
export { learningRateSchedule, type LearningRateScheduleOptions, type SteppedSchedule } from './callbacks/learning-rate-schedule.js';
