/**
 * Test support: the PyTorch golden vectors (`shared/golden`, format `rnn-golden/1`; its README
 * is the contract), run through this package's cells. Cell cases run one `step`; sequence cases
 * run `rnnSequence` per layer and direction, stacked the way PyTorch stacks them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  add,
  concat,
  fromArray,
  keep,
  mul,
  reshape,
  rnnSequence,
  slice,
  stack,
  sum,
  valueAndGrad,
  zeros,
  type DType,
  type Tensor,
} from '@rnn/tensor';
import type { CellDefinition } from '../cell.js';
import { elmanCell } from '../cells/elman.js';
import { gruCell } from '../cells/gru.js';
import { jordanCell } from '../cells/jordan.js';
import { lstmCell } from '../cells/lstm/lstm-cell.js';
import type { LstmVariant } from '../cells/lstm/variants.js';

export interface GoldenTensor {
  readonly shape: number[];
  readonly data: number[];
}

export interface GoldenCase {
  /** Path below the golden folder, for test names. */
  readonly file: string;
  readonly module: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly lengths: number[] | null;
  readonly params: Readonly<Record<string, GoldenTensor>>;
  readonly inputs: Readonly<Record<string, GoldenTensor>>;
  readonly outputs: Readonly<Record<string, GoldenTensor>>;
  readonly grad_outputs: Readonly<Record<string, GoldenTensor>>;
  readonly grads: Readonly<Record<string, GoldenTensor>>;
}

/** The golden README's tolerances: |ours − golden| ≤ atol + rtol·|golden|. */
export const tolerances = {
  float64: { rtol: 1e-9, atol: 1e-11 },
  float32: { rtol: 1e-5, atol: 1e-6 },
} as const;

export const cellModules = ['RNNCell', 'LSTMCell', 'GRUCell'];

/** Every case under `root`, discovered recursively (new files may appear at any time). */
export function loadGoldens(root: string): GoldenCase[] {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((f) => {
    const parsed = JSON.parse(readFileSync(join(root, f), 'utf8')) as Omit<GoldenCase, 'file'>;
    return { ...parsed, file: relative(root, join(root, f)), grads: cellModules.includes(parsed.module) ? unsuffixed(parsed.grads) : parsed.grads };
  });
}

/**
 * The variants generator writes a cell case's gradients under layer names (`weight_ih_l0`)
 * and x/h0/c0 gradients as [1, B, ·], where its params and PyTorch's own cell cases use the
 * cell names and [B, ·]. Names are normalized here; shapes are compared without leading 1s.
 */
function unsuffixed(grads: Readonly<Record<string, GoldenTensor>>): Record<string, GoldenTensor> {
  return Object.fromEntries(Object.entries(grads).map(([name, t]) => [name.replace(/_l0$/, ''), t]));
}

/** The cell a case describes, from its PyTorch constructor arguments (plus the variant keys). */
export function cellFor(c: GoldenCase, inputSize = c.config.input_size as number): CellDefinition {
  const config = c.config;
  const hiddenSize = config.hidden_size as number;
  const bias = (config.bias as boolean | undefined) ?? true;
  switch (c.module) {
    case 'RNN':
    case 'RNNCell':
      return elmanCell({ inputSize, hiddenSize, bias, nonlinearity: config.nonlinearity as 'tanh' | 'relu' });
    case 'LSTM':
    case 'LSTMCell':
      return lstmCell({
        inputSize,
        hiddenSize,
        bias,
        projSize: (config.proj_size as number | undefined) ?? 0,
        peephole: (config.peephole as boolean | undefined) ?? false,
        variant: (config.variant as LstmVariant | undefined) ?? 'vanilla',
      });
    case 'GRU':
    case 'GRUCell':
      return gruCell({ inputSize, hiddenSize, bias, resetAfter: (config.reset_after as boolean | undefined) ?? true });
    case 'Jordan':
      return jordanCell({
        inputSize,
        hiddenSize,
        outputSize: config.output_size as number,
        nonlinearity: config.nonlinearity as 'tanh' | 'relu',
        outputActivation: config.output_activation as 'tanh' | 'sigmoid' | 'identity',
      });
    default:
      throw new Error(`no cell for golden module ${c.module}`);
  }
}

/**
 * The golden key of a state: h and c are themselves; a Jordan network's y travels as `h0`/`hn`
 * (golden README); FGR's gate state has none (zeros at the start of every sequence).
 */
const goldenKeys: Readonly<Record<string, string>> = { h: 'h', c: 'c', y: 'h' };
const goldenKey = (stateName: string): string | null => goldenKeys[stateName] ?? null;

export const toTensor = (t: GoldenTensor, dtype: DType): Tensor => fromArray(Float64Array.from(t.data), { shape: t.shape, dtype });

/** What a run produced, by the golden's keys: forward outputs, and gradients of the golden loss. */
export interface GoldenRun {
  readonly outputs: Record<string, Tensor>;
  readonly grads: Record<string, Tensor>;
}

/** sum(y·gy) + sum(hn·ghn) + sum(cn·gcn) over the outputs the case has. */
function goldenLoss(c: GoldenCase, outputs: Readonly<Record<string, Tensor>>, dtype: DType): Tensor {
  return Object.entries(c.grad_outputs)
    .map(([key, g]) => sum(mul(outputs[key]!, toTensor(g, dtype))))
    .reduce((a, b) => add(a, b));
}

/** Differentiates `forward` (from the differentiable inputs and params, by key) under the golden loss. */
function differentiate(
  c: GoldenCase,
  dtype: DType,
  keys: readonly string[],
  values: readonly GoldenTensor[],
  forward: (args: Readonly<Record<string, Tensor>>) => Record<string, Tensor>,
): GoldenRun {
  let outputs: Record<string, Tensor> = {};
  const { grads } = valueAndGrad((...args: Tensor[]) => {
    // Kept: they must outlive the differentiation's scope to be compared.
    outputs = keep(forward(Object.fromEntries(keys.map((k, i) => [k, args[i]!]))));
    return goldenLoss(c, outputs, dtype);
  })(...values.map((v) => toTensor(v, dtype)));
  return { outputs, grads: Object.fromEntries(keys.map((k, i) => [k, grads[i]!])) };
}

/** The initial states of a cell: the case's h0/c0 where it has them, else zeros. */
function initialStates(cell: CellDefinition, given: (key: string) => Tensor | undefined, batch: number, dtype: DType): Tensor[] {
  return cell.stateNames.map((name, k) => {
    const key = goldenKey(name);
    return (key === null ? undefined : given(`${key}0`)) ?? zeros([batch, cell.stateSizes[k]!], { dtype });
  });
}

/** The final states under the golden's keys (hn, cn). */
function finalStates(cell: CellDefinition, state: readonly Tensor[]): [string, Tensor][] {
  return cell.stateNames.flatMap((name, k) => {
    const key = goldenKey(name);
    return key === null ? [] : [[`${key}n`, state[k]!] as [string, Tensor]];
  });
}

/** A cell case: one step from x and the initial states. */
export function runCellGolden(c: GoldenCase, dtype: DType): GoldenRun {
  const cell = cellFor(c);
  const names = cell.parameters.map((p) => p.name);
  const inputKeys = Object.keys(c.inputs);
  const keys = [...inputKeys, ...names];
  const values = [...inputKeys.map((k) => c.inputs[k]!), ...names.map((n) => c.params[n]!)];
  return differentiate(c, dtype, keys, values, (args) => {
    const weights = Object.fromEntries(names.map((n) => [n, args[n]!]));
    const x = args.x!;
    const next = cell.bind(weights).step(x, initialStates(cell, (key) => args[key], x.shape[0]!, dtype));
    return Object.fromEntries(finalStates(cell, next));
  });
}

/**
 * A sequence case through `rnnSequence`: each layer runs each direction (the reverse one with
 * `reverse: true`, its parameters suffixed `_reverse`), the next layer reads their concatenated
 * outputs, and h0/hn/c0/cn are indexed layer·directions + direction, as in PyTorch.
 */
export function runSequenceGolden(c: GoldenCase, dtype: DType): GoldenRun {
  const layers = (c.config.num_layers as number | undefined) ?? 1;
  const directions = c.config.bidirectional === true ? 2 : 1;
  const [, batch] = c.inputs.x!.shape as [number, number, number];
  const paramKeys = Object.keys(c.params);
  const inputKeys = Object.keys(c.inputs);
  return differentiate(c, dtype, [...inputKeys, ...paramKeys], [...inputKeys.map((k) => c.inputs[k]!), ...paramKeys.map((k) => c.params[k]!)], (args) => {
    const finals = new Map<string, Tensor[]>();
    let input = args.x!;
    for (let layer = 0; layer < layers; layer++) {
      const outputs: Tensor[] = [];
      for (let direction = 0; direction < directions; direction++) {
        const cell = cellFor(c, input.shape[2]);
        const suffix = c.module === 'Jordan' ? '' : `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const weights = Object.fromEntries(cell.parameters.map((p) => [p.name, args[p.name + suffix]!]));
        const index = layer * directions + direction;
        const ofThisLayer = (key: string): Tensor | undefined => {
          const all = args[key];
          return all === undefined ? undefined : reshape(slice(all, [index], [1]), all.shape.slice(1));
        };
        const initialState = initialStates(cell, ofThisLayer, batch, dtype);
        const run = rnnSequence(cell.bind(weights), input, { initialState, lengths: c.lengths ?? undefined, reverse: direction === 1 });
        outputs.push(run.output);
        for (const [key, state] of finalStates(cell, run.state)) finals.set(key, [...(finals.get(key) ?? []), state]);
      }
      input = concat(outputs, 2);
    }
    return { y: input, ...Object.fromEntries([...finals].map(([key, states]) => [key, stack(states, 0)])) };
  });
}

/**
 * Every element of every golden output and gradient that `run` misses by more than the
 * tolerance (at most the worst one per tensor), or lacks: empty when the case passes.
 */
export function goldenMismatches(c: GoldenCase, run: GoldenRun, { rtol, atol }: { rtol: number; atol: number }): string[] {
  const problems: string[] = [];
  const compare = (label: string, expected: GoldenTensor, actual: Tensor | undefined): void => {
    const withoutLeadingOnes = (shape: readonly number[]): number[] => shape.slice(shape.findIndex((d) => d !== 1));
    if (actual === undefined) {
      problems.push(`${label}: not computed`);
      return;
    }
    if (withoutLeadingOnes(actual.shape).join() !== withoutLeadingOnes(expected.shape).join()) {
      problems.push(`${label}: shape [${actual.shape.join(', ')}], golden [${expected.shape.join(', ')}]`);
      return;
    }
    const values = actual.dataSync();
    let worst = { index: -1, excess: 0 };
    expected.data.forEach((g, i) => {
      const excess = Math.abs(values[i]! - g) - (atol + rtol * Math.abs(g));
      if (!(excess <= worst.excess)) worst = { index: i, excess };
    });
    if (worst.index >= 0) {
      const g = expected.data[worst.index]!;
      problems.push(`${label}[${worst.index}]: ${values[worst.index]} vs golden ${g} (|diff| ${Math.abs(values[worst.index]! - g)} > ${atol + rtol * Math.abs(g)})`);
    }
  };
  for (const [key, expected] of Object.entries(c.outputs)) compare(`outputs.${key}`, expected, run.outputs[key]);
  for (const [key, expected] of Object.entries(c.grads)) compare(`grads.${key}`, expected, run.grads[key]);
  return problems;
}
