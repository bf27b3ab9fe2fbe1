/**
 * The fused backward pass, encoded into the one command stream. Only dL/dh (and the lstm's
 * dL/dc) is sequential: per step, from the last to the first, the family's elementwise kernels
 * turn it into gate gradients and one product sends them back through weight_hh (plus the
 * products a projected lstm or a reset-before gru needs in between). Every weight gradient is
 * then one GEMM or column sum over all T·B rows: dx = dG·W_ih, dW_ih = dGᵀ·X,
 * dW_hh = dG_recurrentᵀ·H_{t−1}, db = Σ dG.
 */
import type { FusedSequenceBackward, FusedSequenceOps, SequenceSpec, TensorSpec } from '@rnn/tensor/backend';
import { readCellWeights } from '@rnn/tensor/kernels';
import { asHandle, type GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { encodeMatmul } from '../matmul.js';
import type { CellProgram, ProductBuffer } from './cell-program.js';
import { cellProgram } from './cells/index.js';
import { encodeColumnSums } from './column-sums.js';
import { encodeGradientKernel } from './gradient-step.js';
import { newSlot, oldSlot, reserveUniforms, sequenceLayout, stateSlots, type SequenceLayout } from './layout.js';
import { packParams } from './params.js';
import { encodeRecurrentProduct } from './recurrent-product.js';

const OP = 'rnnSequenceBackward';

type Saved = Parameters<NonNullable<FusedSequenceOps['rnnSequenceBackward']>>[1];

/** Offsets of the row-order gradient planes (see `GradientPlaneWidths`) in one buffer. */
interface GradientPlanes {
  readonly planeGates: number;
  readonly planeRecurrent: number;
  readonly planeCandidate: number;
  readonly planeOutput: number;
  readonly planeCellOutput: number;
  readonly size: number;
}

function gradientPlanes(program: CellProgram, layout: SequenceLayout): GradientPlanes {
  const { rows, gateWidth } = layout;
  const widths = program.planes(layout);
  const planeRecurrent = rows * gateWidth;
  const planeCandidate = planeRecurrent + rows * widths.recurrent;
  const planeOutput = planeCandidate + rows * widths.candidate;
  const planeCellOutput = planeOutput + rows * widths.output;
  return { planeGates: 0, planeRecurrent, planeCandidate, planeOutput, planeCellOutput, size: planeCellOutput + rows * widths.cellOutput };
}

export function sequenceBackward(ctx: GpuContext, spec: SequenceSpec, saved: Saved, dOutput: TensorSpec | null, dState: readonly (TensorSpec | null)[]): FusedSequenceBackward {
  const layout = sequenceLayout(spec);
  const { batch, rows, gateWidth, outputSize, inputSize, hidden } = layout;
  const program = cellProgram(spec.cell, true);
  const named = readCellWeights(spec.cell, saved.weights);
  const reserve = ctx.tensor(saved.reserve);
  const stepWidth = program.stepWidth(layout);
  const planes = gradientPlanes(program, layout);

  const { weight_ci, weight_cf, weight_co } = saved.weights;
  const peepholes = Object.fromEntries(Object.entries({ weight_ci, weight_cf, weight_co }).filter(([, w]) => w !== undefined)) as Record<string, TensorSpec>;
  const params = packParams(ctx, OP, spec, layout, peepholes);
  const stateGradients = ctx.allocate(OP, 'float32', layout.state.size);
  const stepBuffer = ctx.allocate(OP, 'float32', batch * stepWidth + batch * hidden);
  const planeBuffer = ctx.allocate(OP, 'float32', planes.size);
  // Rows an entry never reached must hold zero gradients for the sums after the loop.
  if (spec.lengths !== null) ctx.stream.clear(planeBuffer.buffer, 0, planeBuffer.bytes);
  const firstSlots = stateSlots(layout, 0);
  firstSlots.forEach((offset, k) => {
    const given = dState[k] ?? null;
    const bytes = batch * layout.stateSizes[k]! * 4;
    if (given === null) ctx.stream.clear(stateGradients.buffer, offset * 4, bytes);
    else ctx.stream.copy(ctx.tensor(given).buffer, 0, stateGradients.buffer, offset * 4, bytes);
  });

  const buffers = { params: params.tensor, reserve, dOutput: dOutput === null ? null : ctx.tensor(dOutput), dState: stateGradients, step: stepBuffer, planes: planeBuffer };
  const products: Partial<Record<ProductBuffer, GpuTensor>> = {
    dState: stateGradients,
    step: stepBuffer,
    weight_hh: ctx.tensor(named.recurrent),
    ...(named.projection === null ? {} : { weight_hr: ctx.tensor(named.projection) }),
  };
  const shared = {
    batch,
    hidden,
    outputSize,
    gateWidth,
    reverse: spec.reverse ? 1 : 0,
    stepGates: 0,
    stepWidth,
    aux: batch * stepWidth,
    aux2: layout.state.aux,
    ...params.offsets,
    ...reserveUniforms(layout),
    ...planes,
  };
  // Backward step i runs forward step activeSteps − 1 − i, reading the gradient slot i wrote.
  for (let i = 0; i < layout.activeSteps; i++) {
    const [hOld, cOld] = stateSlots(layout, oldSlot(i));
    const [hNew, cNew] = stateSlots(layout, newSlot(i));
    const uniforms = { ...shared, step: layout.activeSteps - 1 - i, hOld: hOld!, hNew: hNew!, cOld, cNew };
    for (const part of program.backward) {
      if (part.kind === 'kernel') {
        encodeGradientKernel(ctx, program.key, part, buffers, uniforms, part.units(layout));
      } else {
        const args = part.args(layout, uniforms);
        encodeRecurrentProduct(ctx, { ...args, a: products[args.a]!, b: products[args.b]!, out: products[args.out]! });
      }
    }
  }

  const dWeights: Record<string, GpuTensor> = {};
  for (const [name, w] of Object.entries(saved.weights)) dWeights[name] = ctx.allocate(OP, 'float32', ctx.tensor(w).length);
  const dx = ctx.allocate(OP, 'float32', rows * inputSize);
  encodeMatmul(ctx, { a: planeBuffer, transposeA: false, b: ctx.tensor(named.input), transposeB: false, out: dx, m: rows, n: inputSize, k: gateWidth });
  encodeMatmul(ctx, { a: planeBuffer, transposeA: true, b: ctx.tensor(saved.x), transposeB: false, out: dWeights.weight_ih!, m: gateWidth, n: inputSize, k: rows });
  const gatePlane = { tensor: planeBuffer, offset: planes.planeGates, stride: gateWidth };
  if (dWeights.bias_ih !== undefined) encodeColumnSums(ctx, rows, gateWidth, gatePlane, null, dWeights.bias_ih, 0);
  const reservePlanes = { previousH: layout.reserve.previousH, extra: layout.reserve.extra };
  for (const block of program.recurrentBlocks(layout)) {
    const gradient = { tensor: planeBuffer, offset: planes[block.gradient], stride: block.count };
    encodeMatmul(ctx, {
      a: planeBuffer,
      aOffset: gradient.offset,
      transposeA: true,
      b: reserve,
      bOffset: reservePlanes[block.operand],
      transposeB: false,
      out: dWeights.weight_hh!,
      outOffset: block.first * outputSize,
      m: block.count,
      n: outputSize,
      k: rows,
    });
    if (dWeights.bias_hh !== undefined) encodeColumnSums(ctx, rows, block.count, gradient, null, dWeights.bias_hh, block.first);
  }
  const peepholeGradients = [
    ['weight_ci', 0, layout.reserve.previousC],
    ['weight_cf', 1, layout.reserve.previousC],
    ['weight_co', 3, layout.reserve.extra],
  ] as const;
  for (const [name, gate, cellPlane] of peepholeGradients) {
    const out = dWeights[name];
    if (out !== undefined) encodeColumnSums(ctx, rows, hidden, { ...gatePlane, offset: gate * hidden }, { tensor: reserve, offset: cellPlane, stride: hidden }, out, 0);
  }
  if (dWeights.weight_hr !== undefined) {
    encodeMatmul(ctx, { a: planeBuffer, aOffset: planes.planeOutput, transposeA: true, b: planeBuffer, bOffset: planes.planeCellOutput, transposeB: false, out: dWeights.weight_hr, m: layout.projSize, n: hidden, k: rows });
  }

  const lastSlots = stateSlots(layout, oldSlot(layout.activeSteps));
  const dInitialState = lastSlots.map((offset, k) => {
    const out = ctx.allocate(OP, 'float32', batch * layout.stateSizes[k]!);
    ctx.stream.copy(stateGradients.buffer, offset * 4, out.buffer, 0, out.bytes);
    return out;
  });
  for (const t of [params.tensor, stateGradients, stepBuffer, planeBuffer]) ctx.release(t);
  return { dx: asHandle(dx), dInitialState: dInitialState.map(asHandle), dWeights: Object.fromEntries(Object.entries(dWeights).map(([name, g]) => [name, asHandle(g)])) };
}
