/** A traced layer's states and gates as heatmaps: one row per unit, one column per time step. */
import { readAll, type Tensor } from '@rnn/tensor';
import type { ActivationMap } from '../protocol/messages.js';
import type { CellName } from '../settings.js';

const GATES: ReadonlySet<string> = new Set(['input_gate', 'forget_gate', 'output_gate', 'reset_gate', 'update_gate']);
/** States first, then the gates in the order the cells' equations introduce them. */
const ORDER = ['h', 'c', 'y', 'hidden', 'input_gate', 'forget_gate', 'reset_gate', 'update_gate', 'candidate', 'output_gate'];

/**
 * The range each activation cannot leave, by construction of the cell: sigmoid gates in [0, 1];
 * tanh-bounded ones in [−1, 1] — h of a tanh RNN, an LSTM (o·tanh c) or a GRU (a convex mix of
 * tanh values), the candidate (but not NIAF's, which has no input activation), Jordan's tanh
 * layers. Null: unbounded (c, relu RNNs, NOAF's h = o·c), shown over the values observed.
 */
export function naturalRange(name: string, cell: CellName): readonly [number, number] | null {
  if (GATES.has(name)) return [0, 1];
  if (name === 'candidate') return cell === 'niaf' ? null : [-1, 1];
  if (name === 'h') return cell === 'relu' || cell === 'irnn' || cell === 'noaf' ? null : [-1, 1];
  if (name === 'y' || name === 'hidden') return cell === 'jordan' ? [-1, 1] : null;
  return null;
}

/**
 * `activations` ([T, 1, size] each, one sequence) as maps. A value outside its natural range
 * (a loaded LSTM with an output projection, whose h is not bounded) falls back to the observed
 * range, so the colour scale never clips.
 */
export async function activationMaps(activations: Readonly<Record<string, Tensor>>, cell: CellName): Promise<ActivationMap[]> {
  const names = Object.keys(activations).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const data = await readAll(names.map((name) => activations[name]!));
  return names.map((name, k) => {
    const [steps, , units] = activations[name]!.shape as [number, number, number];
    const source = data[k]!;
    const values = new Float32Array(units * steps);
    let min = Infinity;
    let max = -Infinity;
    for (let t = 0; t < steps; t++) {
      for (let u = 0; u < units; u++) {
        const v = source[t * units + u]!;
        values[u * steps + t] = v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    const natural = naturalRange(name, cell);
    const fits = natural !== null && min >= natural[0] && max <= natural[1];
    return { name, rows: units, cols: steps, values, range: fits ? natural : observedRange(min, max) };
  });
}

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
}

/** [min, max], widened around a constant so that a colour scale has a span. */
function observedRange(min: number, max: number): readonly [number, number] {
  if (!(min < max)) return Number.isFinite(min) ? [min - 1, min + 1] : [-1, 1];
  return [min, max];
}
