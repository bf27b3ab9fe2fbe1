// The fused SGD update of one float32 parameter (see @rnn/tensor's SgdRule): a streaming loop,
// four lanes at a time. Each operation is one IEEE float32 operation in the rule's order and
// the scalars arrive rounded to float32, so the result is bit-identical to the composed
// tensor-op update; for that reason no fused multiply-add, even in the relaxed build.
//
// Tensors are whole 64-byte heap blocks (src/heap.ts), so the loop runs its last vector past
// `n` into the blocks' padding instead of finishing element by element: the extra lanes read
// whatever the padding holds and write only the outputs' own padding.

/** Flag bits (src/fused/optimizer-step.ts has the same table). */
const DECAY = 1;
const MOMENTUM = 2;
/** No momentum buffer yet: it starts as the gradient. */
const FIRST = 4;
const NESTEROV = 8;

export function sgdF32(
  theta: usize,
  grad: usize,
  buffer: usize,
  outTheta: usize,
  outBuffer: usize,
  n: i32,
  lr: f32,
  weightDecay: f32,
  momentum: f32,
  keep: f32,
  flags: i32,
): void {
  const decays = (flags & DECAY) != 0;
  const hasMomentum = (flags & MOMENTUM) != 0;
  const first = (flags & FIRST) != 0;
  const nesterov = (flags & NESTEROV) != 0;
  const vLr = f32x4.splat(lr);
  const vDecay = f32x4.splat(weightDecay);
  const vMomentum = f32x4.splat(momentum);
  const vKeep = f32x4.splat(keep);
  const end = <usize>n * 4;
  for (let o: usize = 0; o < end; o += 16) {
    const t = v128.load(theta + o);
    let d = v128.load(grad + o);
    if (decays) d = f32x4.add(d, f32x4.mul(t, vDecay));
    if (hasMomentum) {
      const b = first ? d : f32x4.add(f32x4.mul(v128.load(buffer + o), vMomentum), f32x4.mul(d, vKeep));
      v128.store(outBuffer + o, b);
      d = nesterov ? f32x4.add(d, f32x4.mul(b, vMomentum)) : b;
    }
    v128.store(outTheta + o, f32x4.sub(t, f32x4.mul(d, vLr)));
  }
}
