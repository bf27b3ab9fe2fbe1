export { EpochSchedule, type EpochScheduleState, type LearningRateTarget } from './schedule.js';
export { StepLR, type StepLROptions } from './step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.js';
export { CosineWithWarmup, type CosineWithWarmupOptions } from './cosine-with-warmup.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
