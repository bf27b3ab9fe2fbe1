/**
 * Weights packed for the GEMM micro-kernel (`packB`'s 8-column panels), cached per weight
 * buffer: a sequence's products read W_hh once per step, and a training run reads the same
 * weights for a whole forward and backward pass, so each form is packed once and reused until
 * the weights change. Storage is immutable — new weights are a new buffer (Variable.assign swaps
 * storage) — so a buffer's packs stay valid for its life and are freed with it (the storage's
 * release hook). Packs live in the heap directly, not as tensor storage, so `numHandles()` does
 * not count them.
 */
import type { KernelExports } from '../exports.js';
import type { Heap } from '../heap.js';
import type { WasmBuffer } from '../storage.js';

const NR = 8;

/** Which K×N operand of a product to pack from a row-major weight: W (or Wᵀ) from float `offset` on, rows `ld` apart. */
export interface PackForm {
  readonly offset: number;
  readonly ld: number;
  readonly transposed: boolean;
  readonly k: number;
  readonly n: number;
}

/** A cell's weights as one direction of the pass multiplies them: packed addresses, 0 where the cell has no such product. */
export type PackedCell = Readonly<Record<'input' | 'recurrent' | 'candidate' | 'projection', number>>;

interface Pack {
  readonly ptr: number;
  readonly bytes: number;
}

export class PackedWeights {
  private readonly packs = new Map<WasmBuffer, Map<string, Pack>>();
  private live = 0;

  constructor(
    private readonly kernels: KernelExports,
    private readonly heap: Heap,
  ) {}

  /** The packed form of `weight` (packed now if this buffer has not been packed so before). May allocate. */
  get(weight: WasmBuffer, form: PackForm): number {
    const key = `${form.offset}/${form.ld}/${form.transposed ? 't' : 'n'}/${form.k}/${form.n}`;
    let forms = this.packs.get(weight);
    const cached = forms?.get(key);
    if (cached !== undefined) return cached.ptr;
    const bytes = Math.ceil(form.n / NR) * NR * form.k * 4;
    const ptr = this.heap.alloc(bytes);
    this.kernels.packB(weight.ptr + form.offset * 4, form.ld, form.transposed ? 1 : 0, form.k, form.n, ptr);
    if (forms === undefined) this.packs.set(weight, (forms = new Map<string, Pack>()));
    forms.set(key, { ptr, bytes });
    this.live++;
    return ptr;
  }

  /** Frees the packs of a buffer being released. */
  release(weight: WasmBuffer): void {
    const forms = this.packs.get(weight);
    if (forms === undefined) return;
    for (const { ptr, bytes } of forms.values()) this.heap.free(ptr, bytes);
    this.live -= forms.size;
    this.packs.delete(weight);
  }

  /** Packed blocks held (for tests). */
  get size(): number {
    return this.live;
  }
}
