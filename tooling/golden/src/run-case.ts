/**
 * Runs one golden case on a backend and dtype: builds the module PyTorch used (or the cell),
 * loads its parameters by name, runs the forward pass, and differentiates
 * loss = Σ y·gy + Σ hn·ghn + Σ cn·gcn with respect to the inputs and every parameter.
 */
import { gruCell, jordanCell, lstmCell, elmanCell, type CellDefinition } from '@rnn/cells';
import { GRU, LSTM, RNN, type Recurrent } from '@rnn/layers';
import {
  add,
  fromArray,
  Generator,
  mul,
  reshape,
  rnnSequence,
  sum,
  dispose,
  keep,
  readAll,
  scope,
  variable,
  variableGrads,
  type Backend,
  type Tensor,
  type Variable,
} from '@rnn/tensor';
import type { GoldenCase, GoldenTensor } from './format.js';
import { worstMismatch, type Mismatch, type Tolerance } from './tolerance.js';

export interface CaseCheck {
  /** "output y", "grad weight_ih_l0", … */
  readonly what: string;
  readonly mismatch: Mismatch | null;
}

export interface CaseResult {
  readonly name: string;
  readonly checks: readonly CaseCheck[];
  readonly passed: boolean;
}

export interface RunOptions {
  readonly backend: Backend;
  readonly dtype: 'float32' | 'float64';
  readonly tolerance: Tolerance;
}

type Config = Readonly<Record<string, unknown>>;
const num = (c: Config, key: string, fallback: number): number => (typeof c[key] === 'number' ? c[key] : fallback);
const bool = (c: Config, key: string, fallback: boolean): boolean => (typeof c[key] === 'boolean' ? c[key] : fallback);
const str = <T extends string>(c: Config, key: string, fallback: T): T => (typeof c[key] === 'string' ? (c[key] as T) : fallback);

/** The layer PyTorch's module and config describe (variant keys from ../shared/golden/README.md). */
function buildLayer(c: GoldenCase, run: RunOptions): Recurrent {
  const config = c.config;
  const common = {
    inputSize: num(config, 'input_size', 1),
    hiddenSize: num(config, 'hidden_size', 1),
    numLayers: num(config, 'num_layers', 1),
    bias: bool(config, 'bias', true),
    bidirectional: bool(config, 'bidirectional', false),
    dtype: run.dtype,
    generator: new Generator(0),
    backend: run.backend,
  };
  switch (c.module) {
    case 'RNN':
      return new RNN({ ...common, nonlinearity: str(config, 'nonlinearity', 'tanh') });
    case 'LSTM':
      return new LSTM({ ...common, projSize: num(config, 'proj_size', 0), peephole: bool(config, 'peephole', false), variant: str(config, 'variant', 'vanilla') });
    case 'GRU':
      return new GRU({ ...common, resetAfter: bool(config, 'reset_after', true) });
    default:
      throw new Error(`${c.name}: no layer for module ${c.module}`);
  }
}

/** The single-step cells and the Jordan network run as cells, not layers. */
function buildCell(c: GoldenCase): CellDefinition {
  const config = c.config;
  const inputSize = num(config, 'input_size', 1);
  const hiddenSize = num(config, 'hidden_size', 1);
  const bias = bool(config, 'bias', true);
  switch (c.module) {
    case 'RNNCell':
      return elmanCell({ inputSize, hiddenSize, bias, nonlinearity: str(config, 'nonlinearity', 'tanh') });
    case 'LSTMCell':
      return lstmCell({ inputSize, hiddenSize, bias, peephole: bool(config, 'peephole', false), variant: str(config, 'variant', 'vanilla') });
    case 'GRUCell':
      return gruCell({ inputSize, hiddenSize, bias, resetAfter: bool(config, 'reset_after', true) });
    case 'Jordan':
      return jordanCell({
        inputSize,
        hiddenSize,
        outputSize: num(config, 'output_size', 1),
        nonlinearity: str(config, 'nonlinearity', 'tanh'),
        outputActivation: str(config, 'output_activation', 'tanh'),
      });
    default:
      throw new Error(`${c.name}: unknown module ${c.module}`);
  }
}

const isLayer = (module: string): boolean => module === 'RNN' || module === 'LSTM' || module === 'GRU';

export async function runGoldenCase(c: GoldenCase, run: RunOptions): Promise<CaseResult> {
  const toTensor = (g: GoldenTensor, shape: readonly number[] = g.shape): Tensor =>
    fromArray(run.dtype === 'float64' ? Float64Array.from(g.data) : Float32Array.from(g.data), { shape, backend: run.backend });
  using _scope = scope();
  const inputs: Record<string, Variable> = {};
  const parameters: Record<string, Variable> = {};
  let layer: Recurrent | null = null;
  let outputs: Record<string, Tensor> = {};
  try {
    for (const [name, g] of Object.entries(c.inputs)) inputs[name] = variable(toTensor(g), { name });
    let forward: () => Record<string, Tensor>;
    if (isLayer(c.module)) {
      layer = buildLayer(c, run);
      layer.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, g]) => [k, toTensor(g)])));
      for (const [name, p] of layer.namedParameters()) parameters[name] = p;
      const initialState = ['h0', 'c0'].flatMap((k) => (inputs[k] === undefined ? [] : [inputs[k]]));
      const built = layer;
      forward = () => {
        const { output, state } = built.call(inputs.x!, {
          ...(initialState.length > 0 ? { initialState } : {}),
          ...(c.lengths === null ? {} : { lengths: c.lengths }),
        });
        const result: Record<string, Tensor> = { y: output, hn: state[0]! };
        if (state[1] !== undefined) result.cn = state[1];
        return result;
      };
    } else {
      const cell = buildCell(c);
      // Cell cases name parameters without the layer suffix; some generators add `_l0`.
      for (const p of cell.parameters) {
        const g = c.params[p.name] ?? c.params[`${p.name}_l0`];
        if (g === undefined) throw new Error(`${c.name}: parameter ${p.name} missing`);
        parameters[p.name] = variable(toTensor(g, p.shape), { name: p.name });
      }
      const bound = cell.bind(parameters);
      const batch = c.batch;
      // States as [batch, size]; goldens may store them as [1, batch, size]. Reshaped inside the
      // differentiated function, so their gradients reach the inputs.
      const givenState = (): (Tensor | undefined)[] =>
        cell.stateSizes.map((size, k) => {
          const given = inputs[['h0', 'c0'][k] ?? ''];
          return given === undefined ? undefined : reshape(given, [batch, size]);
        });
      forward = () => {
        const state = givenState();
        if (c.module === 'Jordan') {
          const initial = state[0] === undefined ? {} : { initialState: [state[0]] };
          const { output, state: final } = rnnSequence(bound, inputs.x!, initial);
          const result: Record<string, Tensor> = { y: output, hn: reshape(final[0]!, [1, batch, cell.stateSizes[0]!]) };
          return result;
        }
        const x = reshape(inputs.x!, [batch, cell.inputSize]);
        const next = bound.step(x, cell.stateSizes.map((size, k) => state[k] ?? fromArray(new Float64Array(batch * size), { shape: [batch, size], dtype: run.dtype, backend: run.backend })));
        const result: Record<string, Tensor> = { hn: next[0]! };
        if (next[1] !== undefined) result.cn = next[1];
        return result;
      };
    }
    // Kept (they are intermediates of the differentiated function) and freed in `finally`.
    outputs = {};
    const watched = [...Object.values(inputs), ...Object.values(parameters)];
    const { grads } = variableGrads(() => {
      outputs = keep(forward());
      let loss: Tensor | null = null;
      for (const [name, g] of Object.entries(c.gradOutputs)) {
        const out = outputs[name];
        if (out === undefined) continue;
        const term = sum(mul(out, toTensor(g, out.shape)));
        loss = loss === null ? term : add(loss, term);
      }
      return loss!;
    }, watched);
    // Every compared tensor is read in one batch (one round trip on a GPU).
    const compared: { readonly what: string; readonly t: Tensor | undefined; readonly g: GoldenTensor }[] = [];
    const check = (what: string, t: Tensor | undefined, g: GoldenTensor): void => {
      compared.push({ what, t: t !== undefined && t.size === g.data.length ? t : undefined, g });
    };
    for (const [name, g] of Object.entries(c.outputs)) check(`output ${name}`, outputs[name], g);
    for (const [name, g] of Object.entries(c.grads)) {
      const target = inputs[name] ?? parameters[name] ?? parameters[name.replace(/_l0$/, '')];
      // No gradient at all means zero (a parameter that does not influence the loss).
      const grad = target === undefined ? undefined : (grads.get(target) ?? mul(target, 0));
      check(`grad ${name}`, grad, g);
    }
    const readable = compared.filter((k) => k.t !== undefined);
    const values = new Map(readable.map((k, i) => [k, i]));
    const read = await readAll(readable.map((k) => k.t!));
    const checks: CaseCheck[] = compared.map((k) => {
      const i = values.get(k);
      // A missing output or gradient, or one of the wrong size, fails without a position.
      if (i === undefined) return { what: k.what, mismatch: { index: -1, ours: Number.NaN, golden: k.g.data[0] ?? Number.NaN, ratio: Infinity } };
      return { what: k.what, mismatch: worstMismatch(read[i]!, k.g.data, run.tolerance) };
    });
    return { name: c.name, checks, passed: checks.every((k) => k.mismatch === null) };
  } finally {
    // Variables outlive scopes; free them (a layer frees its own).
    layer?.dispose();
    dispose([...Object.values(inputs), ...Object.values(outputs), ...(layer === null ? Object.values(parameters) : [])]);
  }
}
