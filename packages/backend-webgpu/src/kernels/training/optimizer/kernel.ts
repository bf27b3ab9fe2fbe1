/**
 * What one optimizer rule contributes to the fused step's shader: the uniform fields and the
 * per-element statements. The statements run on `theta` and the slots in place (the step
 * copies the inputs into the new storage first, see ../optimizer-step.ts) and follow the rule's
 * formula operation by operation, with every scalar computed on the host in double by
 * @rnn/tensor's `…Scalars` and rounded once to f32, as the composed updates do.
 */
import type { Uniforms } from '../../../core/uniforms.js';

export interface RuleKernel {
  /** The rule's options that change the WGSL, for the pipeline key. */
  readonly key: string;
  /** WGSL fields of the uniform struct after `n: u32`. */
  readonly fields: string;
  /**
   * WGSL statements for element `i`: read `theta[i]`, `grad[i]` and the slot arrays (named as
   * `optimizerSlotNames` names them), write the new parameter and slots in place.
   */
  readonly body: string;
  /** Writes the fields' values for a parameter at update count `step`; `fresh`: its slots do not exist yet. */
  writeUniforms(uniforms: Uniforms, step: number, fresh: boolean): void;
}

/** The statement when `on`, else nothing (an option the rule does not use costs no code). */
export const when = (on: boolean, statement: string): string => (on ? statement : '');
