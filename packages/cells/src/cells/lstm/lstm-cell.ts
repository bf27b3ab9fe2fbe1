/**
 * `lstmCell`: PyTorch's `LSTMCell` (rows i, f, g, o; `proj_size`), extended with peepholes,
 * memory-cell blocks, a cell clip, configurable activations and Greff et al.'s variants.
 * The equations are in lstm-step.ts.
 *
 * Parameters, with n = hiddenSize / blockSize gate units and R = 3n + H gate rows
 * (4H without blocks), rows in the order i (n), f (n), g (H), o (n):
 *
 *     weight_ih [R, I]   weight_hh [R, P or H]   bias_ih [R]   bias_hh [R]      (bias)
 *     weight_hr [P, H]                                                           (projSize P > 0)
 *     weight_ci [H]   weight_cf [H]   weight_co [H]                              (peephole)
 *     weight_gg [3n, 3n]                                                         (FGR)
 */
import { ArgumentError, clip, type Tensor } from '@rnn/tensor';
import { defineCell, type CellDefinition, type ParameterSpec } from '../../cell.js';
import { activation, type Activation } from '../../gates/activations.js';
import { gateParameters } from '../../gates/parameters.js';
import { ones, zeros } from '../../initializers/constant.js';
import { pytorchDefault } from '../../initializers/random.js';
import type { Initializer } from '../../initializers/initializer.js';
import { overrideRows } from '../../initializers/rows.js';
import { oneOf, positiveInteger } from '../../options.js';
import { lstmStep, type LstmParameterName } from './lstm-step.js';
import { memoryBlocks } from './memory-blocks.js';
import { lstmVariants, variantRules, type LstmVariant } from './variants.js';

export interface LstmOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Whether `bias_ih` and `bias_hh` exist. Default true. */
  readonly bias?: boolean;
  /** Sak et al. 2014's projection: h = W_hr·(o ⊙ σ_h(c)), of this size (0 < P < H). Default 0: none. */
  readonly projSize?: number;
  /**
   * Peephole connections (Gers et al. 2002). Default false, as PyTorch; Greff et al.'s
   * "vanilla" LSTM is `peephole: true`, and their NP variant is `peephole: false`.
   */
  readonly peephole?: boolean;
  /** Default 'vanilla'. */
  readonly variant?: LstmVariant;
  /** σ_g of the i, f, o gates. Default 'sigmoid'. */
  readonly gateActivation?: 'sigmoid' | 'hardSigmoid';
  /** σ_c of the candidate g. Default 'tanh' ('identity' under NIAF, which requires it). */
  readonly candidateActivation?: 'tanh' | 'relu' | 'identity';
  /** σ_h applied to the cell. Default 'tanh' ('identity' under NOAF, which requires it). */
  readonly cellActivation?: 'tanh' | 'identity';
  /** Cells per memory block, each block sharing one i, f and o gate. Must divide hiddenSize. Default 1. */
  readonly blockSize?: number;
  /**
   * As ONNX's LSTM `clip`: every activation's input (gate and candidate pre-activations, and the
   * cell before σ_h) is limited to [−cellClip, cellClip]. The cell state itself is not.
   */
  readonly cellClip?: number;
  /**
   * Start the forget gate open (Gers et al. 2000; Jozefowicz et al. 2015): `bias_ih`'s f rows are
   * 1 and `bias_hh`'s are 0, so the total forget bias is 1, as Keras's single bias. Default false.
   */
  readonly unitForgetBias?: boolean;
}

const factory = 'lstmCell';

/** An activation option, which a variant may fix (NIAF, NOAF): then it must be unset or agree. */
function activationOption(variant: LstmVariant, option: string, given: Activation | undefined, fixed: Activation | undefined): Activation {
  if (fixed === undefined) return given ?? 'tanh';
  if (given !== undefined && given !== fixed) throw new ArgumentError(factory, option, `is '${given}', but the ${variant} variant fixes it to '${fixed}'`);
  return fixed;
}

export function lstmCell(options: LstmOptions): CellDefinition {
  const inputSize = positiveInteger(factory, 'inputSize', options.inputSize);
  const hiddenSize = positiveInteger(factory, 'hiddenSize', options.hiddenSize);
  const { bias = true, projSize = 0, unitForgetBias = false, cellClip } = options;
  const variant = oneOf(factory, 'variant', options.variant ?? 'vanilla', lstmVariants);
  const rule = variantRules[variant];
  const blockSize = positiveInteger(factory, 'blockSize', options.blockSize ?? 1);
  if (hiddenSize % blockSize !== 0) throw new ArgumentError(factory, 'blockSize', `${blockSize} does not divide hiddenSize ${hiddenSize} into whole memory blocks`);
  if (!Number.isInteger(projSize) || projSize < 0 || projSize >= hiddenSize) {
    throw new ArgumentError(factory, 'projSize', `must be an integer in [0, hiddenSize = ${hiddenSize}) (0: no projection), got ${projSize}`);
  }
  if (cellClip !== undefined && !(cellClip > 0 && Number.isFinite(cellClip))) throw new ArgumentError(factory, 'cellClip', `must be a positive number, got ${cellClip}`);
  if (rule.peephole === false && options.peephole === true) throw new ArgumentError(factory, 'peephole', 'is true, but the NP variant is the LSTM without peepholes');
  const peephole = options.peephole ?? false;
  if (unitForgetBias && !bias) throw new ArgumentError(factory, 'unitForgetBias', 'needs bias: true');
  if (unitForgetBias && rule.forgetGate !== 'learned') throw new ArgumentError(factory, 'unitForgetBias', `is meaningless for the ${variant} variant, whose forget gate has no bias`);

  const gateActivation = options.gateActivation ?? 'sigmoid';
  const candidateActivation = activationOption(variant, 'candidateActivation', options.candidateActivation, rule.candidateActivation);
  const cellActivation = activationOption(variant, 'cellActivation', options.cellActivation, rule.cellActivation);
  const clipped = (f: (a: Tensor) => Tensor): ((a: Tensor) => Tensor) => (cellClip === undefined ? f : (a) => f(clip(a, -cellClip, cellClip)));

  const blocks = memoryBlocks(hiddenSize, blockSize);
  const n = blocks.count;
  const outputSize = projSize > 0 ? projSize : hiddenSize;
  const parameters = lstmParameters({ inputSize, hiddenSize, gateUnits: n, projSize, bias, peephole, gateRecurrence: rule.gateRecurrence, unitForgetBias });
  // What a fused PyTorch-family kernel can run: no blocks, clip, other activations or variants.
  const fusable =
    (variant === 'vanilla' || variant === 'NP' || variant === 'CIFG') &&
    blockSize === 1 &&
    cellClip === undefined &&
    gateActivation === 'sigmoid' &&
    candidateActivation === 'tanh' &&
    cellActivation === 'tanh';
  const config = {
    hiddenSize,
    blocks,
    rule,
    bias,
    peephole,
    projection: projSize > 0,
    gate: clipped(activation(factory, 'gateActivation', gateActivation, ['sigmoid', 'hardSigmoid'])),
    candidate: clipped(activation(factory, 'candidateActivation', candidateActivation, ['tanh', 'relu', 'identity'])),
    cell: clipped(activation(factory, 'cellActivation', cellActivation, ['tanh', 'identity'])),
  };
  return defineCell({
    kind: 'lstm',
    inputSize,
    stateNames: rule.gateRecurrence ? ['h', 'c', 'gates'] : ['h', 'c'],
    stateSizes: rule.gateRecurrence ? [outputSize, hiddenSize, 3 * n] : [outputSize, hiddenSize],
    parameters,
    ...(fusable ? { fused: { kind: 'lstm', hiddenSize, bias, projSize, peephole, cifg: variant === 'CIFG' } } : {}),
    step: (w, x, state, observe) => lstmStep(config, w, x, state, observe),
  });
}

/** The parameter list of the layout in this file's header, all drawn from U(±1/√H) as PyTorch. */
function lstmParameters(o: {
  inputSize: number;
  hiddenSize: number;
  gateUnits: number;
  projSize: number;
  bias: boolean;
  peephole: boolean;
  gateRecurrence: boolean;
  unitForgetBias: boolean;
}): ParameterSpec<LstmParameterName>[] {
  const [H, n] = [o.hiddenSize, o.gateUnits];
  const uniform = pytorchDefault(H);
  const parameter = (name: LstmParameterName, shape: number[]): ParameterSpec<LstmParameterName> => ({ name, shape, init: uniform });
  // unitForgetBias: the f rows [n, 2n) of the biases.
  const forgetRows = (value: Initializer): Initializer => (o.unitForgetBias ? overrideRows(uniform, n, n, value) : uniform);
  return [
    ...gateParameters({
      rows: 3 * n + H,
      inputSize: o.inputSize,
      recurrentSize: o.projSize > 0 ? o.projSize : H,
      bias: o.bias,
      init: { weight_ih: uniform, weight_hh: uniform, bias_ih: forgetRows(ones()), bias_hh: forgetRows(zeros()) },
    }),
    ...(o.projSize > 0 ? [parameter('weight_hr', [o.projSize, H])] : []),
    ...(o.peephole ? [parameter('weight_ci', [H]), parameter('weight_cf', [H]), parameter('weight_co', [H])] : []),
    ...(o.gateRecurrence ? [parameter('weight_gg', [3 * n, 3 * n])] : []),
  ];
}
