/**
 * The fused kernels against PyTorch's own numbers (shared/golden, format `rnn-golden/1`; its
 * README is the contract). Every sequence case a `FusedCellConfig` can express runs, discovered
 * rather than listed since cases may be added: layers stack and directions run as PyTorch runs
 * them, one kernel call per layer and direction, and the loss is
 * sum(y·gy) + sum(hn·ghn) + sum(cn·gcn).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FusedCellConfig, SequenceSpec, TensorSpec } from '../../../backend/types.js';
import { createCpuBackend } from '../../../index.js';
import { expectClose, type Tolerance } from './testing/closeness.js';
import type { FloatDType } from './dtype.js';
import { FusedHarness, type ForwardTensors } from './testing/fused-harness.js';
import { supportsSequence } from './families.js';
import { weightNames } from './weights.js';

/** The size of h: projSize for a projected LSTM, else the hidden size. */
const outputSizeOf = (cell: FusedCellConfig): number => (cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : cell.hiddenSize);

/** The repository's sibling folder `shared/` (this file is seven folders below it). */
const GOLDEN = fileURLToPath(new URL('../../../../../../../shared/golden/', import.meta.url));

/** The golden README's tolerances. */
const TOLERANCE: Record<FloatDType, Tolerance> = {
  float64: { rtol: 1e-9, atol: 1e-11 },
  float32: { rtol: 1e-5, atol: 1e-6 },
};

interface GoldenTensor {
  readonly shape: number[];
  readonly data: number[];
}

interface GoldenCase {
  readonly module: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seq_len: number;
  readonly batch: number;
  readonly lengths: number[] | null;
  readonly params: Readonly<Record<string, GoldenTensor>>;
  readonly inputs: Readonly<Record<string, GoldenTensor | undefined>>;
  readonly outputs: Readonly<Record<string, GoldenTensor | undefined>>;
  readonly grad_outputs: Readonly<Record<string, GoldenTensor | undefined>>;
  readonly grads: Readonly<Record<string, GoldenTensor>>;
}

/** The fused configuration of a layer module's case, or null for what the kernels do not express (Jordan, FGR, NIG…, cells). */
function fusedConfig(c: GoldenCase): FusedCellConfig | null {
  const config = c.config;
  const variant = config.variant as string | undefined;
  if (variant !== undefined && variant !== 'vanilla' && variant !== 'CIFG') return null;
  const common = { hiddenSize: config.hidden_size as number, bias: (config.bias as boolean | undefined) ?? true };
  switch (c.module) {
    case 'RNN':
      return { ...common, kind: 'rnn', nonlinearity: config.nonlinearity as 'tanh' | 'relu' };
    case 'LSTM':
      return { ...common, kind: 'lstm', projSize: (config.proj_size as number | undefined) ?? 0, peephole: config.peephole === true, cifg: variant === 'CIFG' };
    case 'GRU':
      return { ...common, kind: 'gru', resetAfter: (config.reset_after as boolean | undefined) ?? true };
    default:
      return null;
  }
}

const cases = readdirSync(GOLDEN, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, golden: JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')) as GoldenCase }))
  .flatMap(({ file, golden }) => {
    const cell = fusedConfig(golden);
    return cell === null ? [] : [{ file, golden, cell }];
  });

/** Feature blocks of a [rows, Σ widths] matrix, and back. */
function splitFeatures(values: readonly number[], rows: number, widths: readonly number[]): number[][] {
  const total = widths.reduce((n, w) => n + w, 0);
  let start = 0;
  return widths.map((width) => {
    const part: number[] = [];
    for (let r = 0; r < rows; r++) part.push(...values.slice(r * total + start, r * total + start + width));
    start += width;
    return part;
  });
}

function concatFeatures(parts: readonly (readonly number[])[], rows: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (const part of parts) {
      const width = part.length / rows;
      out.push(...part.slice(r * width, (r + 1) * width));
    }
  }
  return out;
}

/** One kernel call: a layer in one direction, with what its backward needs. */
interface DirectionRun {
  readonly spec: SequenceSpec;
  readonly x: TensorSpec;
  readonly weights: Record<string, TensorSpec>;
  readonly initialState: TensorSpec[];
  readonly forward: ForwardTensors;
}

/** Runs a case through the fused kernels; returns y, hn, cn and every gradient by the golden's keys. */
function runGolden(c: GoldenCase, cell: FusedCellConfig, dtype: FloatDType, harness: FusedHarness): Record<string, number[]> {
  const layers = (c.config.num_layers as number | undefined) ?? 1;
  const directions = c.config.bidirectional === true ? 2 : 1;
  const { seq_len: T, batch: B } = c;
  const stateSizes = cell.kind === 'lstm' ? [outputSizeOf(cell), cell.hiddenSize] : [cell.hiddenSize];
  const stateKeys = cell.kind === 'lstm' ? ['h', 'c'] : ['h'];
  const rows = T * B;
  const widths = Array.from({ length: directions }, () => outputSizeOf(cell));
  const suffix = (layer: number, direction: number): string => `_l${layer}${direction === 1 ? '_reverse' : ''}`;
  /** State k of (layer, direction) from a golden [layers·directions, B, size] tensor, zeros when absent. */
  const stateSlice = (tensor: GoldenTensor | undefined, layer: number, direction: number, k: number): number[] => {
    const size = B * stateSizes[k]!;
    const at = (layer * directions + direction) * size;
    return tensor === undefined ? new Array<number>(size).fill(0) : tensor.data.slice(at, at + size);
  };

  const runs: DirectionRun[][] = [];
  const result: Record<string, number[]> = {};
  let input = c.inputs.x!.data;
  for (let layer = 0; layer < layers; layer++) {
    const inputSize = layer === 0 ? (c.config.input_size as number) : directions * outputSizeOf(cell);
    const x = harness.tensor(input, [T, B, inputSize]);
    const layerRuns = Array.from({ length: directions }, (_, direction): DirectionRun => {
      const spec: SequenceSpec = { cell, dtype, steps: T, batch: B, inputSize, reverse: direction === 1, lengths: c.lengths, training: true };
      expect(supportsSequence(spec)).toBe(true);
      const weights = Object.fromEntries(weightNames(cell).map((name) => {
        const p = c.params[name + suffix(layer, direction)]!;
        return [name, harness.tensor(p.data, p.shape)];
      }));
      const initialState = stateKeys.map((key, k) => harness.tensor(stateSlice(c.inputs[`${key}0`], layer, direction, k), [B, stateSizes[k]!]));
      return { spec, x, weights, initialState, forward: harness.forward(spec, x, weights, initialState) };
    });
    runs.push(layerRuns);
    input = concatFeatures(layerRuns.map((r) => harness.read(r.forward.output)), rows);
  }
  result.y = input;
  stateKeys.forEach((key, k) => {
    result[`${key}n`] = runs.flatMap((layerRuns) => layerRuns.flatMap((r) => harness.read(r.forward.state[k]!)));
  });

  // Backward, top layer first: a layer's dx is the output gradient of the layer below, and
  // both directions read (so both add into) the same input.
  let dY = c.grad_outputs.y!.data;
  const dInitial = stateKeys.map(() => [] as number[][]);
  for (let layer = layers - 1; layer >= 0; layer--) {
    const dOutputs = splitFeatures(dY, rows, widths);
    const dx = runs[layer]!.map((run, direction) => {
      const dState = stateKeys.map((key, k) => harness.tensor(stateSlice(c.grad_outputs[`${key}n`], layer, direction, k), [B, stateSizes[k]!]));
      const grads = harness.backward(run.spec, run, harness.tensor(dOutputs[direction]!, [T, B, outputSizeOf(cell)]), dState);
      for (const [name, g] of Object.entries(grads.dWeights)) result[name + suffix(layer, direction)] = harness.read(g);
      grads.dInitialState.forEach((g, k) => (dInitial[k]![layer * directions + direction] = harness.read(g)));
      return harness.read(grads.dx);
    });
    dY = dx.reduce((sum, d) => sum.map((v, i) => v + d[i]!));
  }
  result.x = dY;
  stateKeys.forEach((key, k) => (result[`${key}0`] = dInitial[k]!.flat()));
  return result;
}

describe('fused kernels reproduce PyTorch', () => {
  it('finds the golden cases the fused configurations can express', () => {
    const found = cases.map((c) => c.file);
    for (const name of ['rnn_tanh_l1', 'lstm_l1', 'gru_l1', 'lstm_proj', 'lstm_nobias', 'lstm_l1_nostate', 'gru_reset_before', 'lstm_peephole', 'lstm_cifg']) {
      expect(found.some((file) => file.endsWith(`/${name}.json`))).toBe(true);
    }
  });

  describe.each(cases)('$file', ({ golden, cell }) => {
    it.each(['float64', 'float32'] as const)('matches outputs and gradients in %s', (dtype) => {
      const backend = createCpuBackend();
      const harness = new FusedHarness(backend, dtype);
      const ours = runGolden(golden, cell, dtype, harness);
      harness.release();
      expect(backend.numHandles()).toBe(0);
      for (const [key, expected] of [...Object.entries(golden.outputs), ...Object.entries(golden.grads)]) {
        expectClose(ours[key] ?? [], expected!.data, TOLERANCE[dtype], key);
      }
    });
  });
});
