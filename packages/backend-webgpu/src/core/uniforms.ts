/**
 * Builds the bytes of a kernel's uniform struct. Shapes, strides and offsets travel as uniforms
 * so one pipeline serves every size. Fields are written in order; the kernel's WGSL struct must
 * declare the same fields (u32/i32/f32 are 4 bytes; `words` pads an array to vec4 rows, as
 * `array<vec4u, N>` is laid out).
 */
export const MAX_UNIFORM_BYTES = 256;

export class Uniforms {
  private readonly view = new DataView(new ArrayBuffer(MAX_UNIFORM_BYTES));
  private at = 0;

  u32(...values: number[]): this {
    for (const v of values) this.put().setUint32(this.at - 4, v >>> 0, true);
    return this;
  }

  i32(...values: number[]): this {
    for (const v of values) this.put().setInt32(this.at - 4, v | 0, true);
    return this;
  }

  f32(...values: number[]): this {
    for (const v of values) this.put().setFloat32(this.at - 4, v, true);
    return this;
  }

  /** `values` as an `array<vec4u, rows>` (16-byte aligned, zero-padded to `rows · 4` words). */
  words(values: readonly number[], rows: number): this {
    if (values.length > rows * 4) throw new RangeError(`uniforms: ${values.length} words do not fit in ${rows} vec4 rows`);
    this.align(16);
    for (let i = 0; i < rows * 4; i++) this.u32(values[i] ?? 0);
    return this;
  }

  align(bytes: number): this {
    while (this.at % bytes !== 0) this.u32(0);
    return this;
  }

  /** The struct's bytes, padded to 16 (a uniform binding's size must be a multiple of 16). */
  bytes(): Uint8Array {
    this.align(16);
    return new Uint8Array(this.view.buffer, 0, this.at);
  }

  private put(): DataView {
    if (this.at + 4 > MAX_UNIFORM_BYTES) throw new RangeError(`uniforms: more than ${MAX_UNIFORM_BYTES} bytes`);
    this.at += 4;
    return this.view;
  }
}
