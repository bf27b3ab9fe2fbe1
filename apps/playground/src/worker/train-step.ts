/** One optimizer step on the next batch: every tensor it makes is freed before it returns. */
import { dispose, readAll, tidy, variableGrads } from '@rnn/tensor';
import { clipGradNorm, readGlobalNorm } from '@rnn/train';
import { SessionError } from './errors.js';
import type { Run } from './run.js';

export interface StepFigures {
  readonly loss: number;
  /** The global gradient norm before clipping. */
  readonly gradNorm: number;
}

/**
 * Reads the loss and norm asynchronously (WebGPU cannot read otherwise). A non-finite loss or
 * gradient is a SessionError and the weights are left as they were, so the run can go on from
 * a lower learning rate.
 */
export async function trainStep(run: Run): Promise<StepFigures> {
  const { model, task, optimizer, settings } = run;
  model.train();
  const { value, grads } = variableGrads(() => task.trainingLoss(model), optimizer.params);
  try {
    // Both reads in flight together: one GPU round trip's wait per step, not two.
    const [[lossData], gradNorm] = await Promise.all([readAll([value]), readGlobalNorm(grads)]);
    const loss = lossData![0]!;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw new SessionError(
        `training diverged at step ${run.step + 1}: the loss is ${loss} and the gradient norm ${gradNorm}; the step was not taken — lower the learning rate or set a gradient clip`,
      );
    }
    const { clip } = settings.training;
    tidy(() => {
      optimizer.step(clip > 0 ? clipGradNorm(grads, clip, gradNorm).grads : grads);
    });
    run.step++;
    return { loss, gradNorm };
  } finally {
    dispose([value, ...grads.values()]);
  }
}
