/**
 * The optional fused training kernels: softmax cross-entropy (cases on every backend, plus
 * checks of the kernel itself) and the optimizer step (checks). Checks skip only where the
 * backend lacks the kernel or its `supports…` declines the dtype or rule.
 */
import type { CaseGroup } from '../case.js';
import { crossEntropyCases, crossEntropyChecks } from './fused-training/cross-entropy.js';
import { optimizerChecks } from './fused-training/optimizer-step.js';

export const fusedTrainingGroup: CaseGroup = {
  name: 'fused training',
  cases: crossEntropyCases,
  checks: [...crossEntropyChecks, ...optimizerChecks],
};
