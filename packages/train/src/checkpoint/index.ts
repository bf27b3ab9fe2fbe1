/**
 * Checkpoints: a whole training run (model, optimizer, schedule, random generators, step and the
 * caller's JSON) in one safetensors file, written atomically, and a directory of numbered ones.
 */
export { CheckpointError } from './errors.js';
export { CHECKPOINT_FORMAT } from './format.js';
export { encodeCheckpoint, type CheckpointContents } from './encode.js';
export { decodeCheckpoint, type Checkpoint, type DecodeCheckpointOptions } from './decode.js';
export { restoreTraining, type RestoreTrainingTargets } from './restore.js';
export { loadCheckpointFile, saveCheckpointFile } from './file.js';
export { CheckpointDirectory, checkpointFileName, resolveCheckpointPath, type CheckpointEntry } from './directory.js';
