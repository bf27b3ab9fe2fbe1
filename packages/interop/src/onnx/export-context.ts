/** What the per-module exporters share while one model becomes one ONNX graph. */
import type { Tensor } from '@rnn/tensor';
import type { GraphBuilder } from './graph-builder.js';

/** A dimension: a number, or a symbolic name ('time', 'batch') that any size fills at run time. */
export type Dim = number | string;

/** A value flowing through the graph: its name and, where known, its dims. */
export interface GraphValue {
  readonly name: string;
  /** null: rank unknown (a Dense accepts any rank). */
  readonly dims: readonly Dim[] | null;
}

export interface ExportContext {
  readonly graph: GraphBuilder;
  readonly opset: number;
  /** The `sequence_lens` graph input fed to every recurrent node, or '' (ONNX's "left out"). */
  readonly sequenceLens: string;
}

/** A parameter's values as float32, the precision ONNX files hold (float64 models are rounded). */
export function float32Values(t: Tensor): Float32Array {
  const values = t.dataSync();
  return values instanceof Float32Array ? values.slice() : Float32Array.from(values);
}

/** How a module path reads in messages: the root has none. */
export const displayPath = (path: string): string => (path === '' ? '(root)' : path);

/** A child's path under `path`. */
export const childPath = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);
