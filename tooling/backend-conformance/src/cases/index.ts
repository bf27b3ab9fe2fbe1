/** Every group of the suite, in the order it runs. */
import type { CaseGroup } from '../case.js';
import { autogradGroup } from './autograd.js';
import { composedGroup } from './composed.js';
import { creationGroup } from './creation.js';
import { dtypesGroup } from './dtypes.js';
import { binaryGroup, unaryGroup } from './elementwise.js';
import { errorsGroup } from './errors.js';
import { fusedTrainingGroup } from './fused-training.js';
import { gatherGroup } from './gather.js';
import { matmulGroup } from './matmul.js';
import { memoryGroup } from './memory.js';
import { movementGroup } from './movement.js';
import { placementGroup } from './placement.js';
import { nnGroup, reduceGroup } from './reduce.js';
import { selectGroup } from './select.js';
import { sequenceGroup } from './sequence.js';
import { viewsGroup } from './views.js';

export const ALL_GROUPS: readonly CaseGroup[] = [
  creationGroup,
  dtypesGroup,
  unaryGroup,
  binaryGroup,
  selectGroup,
  reduceGroup,
  nnGroup,
  matmulGroup,
  movementGroup,
  gatherGroup,
  viewsGroup,
  composedGroup,
  sequenceGroup,
  fusedTrainingGroup,
  autogradGroup,
  placementGroup,
  memoryGroup,
  errorsGroup,
];
