// The fused RMSprop update of one float32 parameter (see @rnn/tensor's RmspropRule), four lanes
// at a time, bit-identical to the composed update for the reasons given in sgd.ts (IEEE float32
// operations in the rule's order, scalars rounded once, no fused multiply-add, whole-block
// vectors).

/** Flag bits (src/fused/optimizer-step.ts has the same table). */
const DECAY = 1;
const CENTERED = 2;
const MOMENTUM = 4;
/** Which slots exist; a missing one reads as zeros. */
const HAS_SQUARE = 8;
const HAS_AVG = 16;
const HAS_BUFFER = 32;

export function rmspropF32(
  theta: usize,
  grad: usize,
  square: usize,
  avg: usize,
  buffer: usize,
  outTheta: usize,
  outSquare: usize,
  outAvg: usize,
  outBuffer: usize,
  n: i32,
  lr: f32,
  weightDecay: f32,
  alpha: f32,
  oneMinusAlpha: f32,
  eps: f32,
  momentum: f32,
  flags: i32,
): void {
  const decays = (flags & DECAY) != 0;
  const centered = (flags & CENTERED) != 0;
  const hasMomentum = (flags & MOMENTUM) != 0;
  const hasSquare = (flags & HAS_SQUARE) != 0;
  const hasAvg = (flags & HAS_AVG) != 0;
  const hasBuffer = (flags & HAS_BUFFER) != 0;
  const zero = f32x4.splat(0);
  const vLr = f32x4.splat(lr);
  const vDecay = f32x4.splat(weightDecay);
  const vAlpha = f32x4.splat(alpha);
  const vOneMinusAlpha = f32x4.splat(oneMinusAlpha);
  const vEps = f32x4.splat(eps);
  const vMomentum = f32x4.splat(momentum);
  const end = <usize>n * 4;
  for (let o: usize = 0; o < end; o += 16) {
    const t = v128.load(theta + o);
    let g = v128.load(grad + o);
    if (decays) g = f32x4.add(g, f32x4.mul(t, vDecay));
    const sq = f32x4.add(f32x4.mul(hasSquare ? v128.load(square + o) : zero, vAlpha), f32x4.mul(f32x4.mul(g, g), vOneMinusAlpha));
    v128.store(outSquare + o, sq);
    let variance = sq;
    if (centered) {
      const a0 = hasAvg ? v128.load(avg + o) : zero;
      const a = f32x4.add(a0, f32x4.mul(f32x4.sub(g, a0), vOneMinusAlpha));
      v128.store(outAvg + o, a);
      variance = f32x4.sub(sq, f32x4.mul(a, a));
    }
    const denominator = f32x4.add(f32x4.sqrt(variance), vEps);
    if (hasMomentum) {
      const b = f32x4.add(f32x4.mul(hasBuffer ? v128.load(buffer + o) : zero, vMomentum), f32x4.div(g, denominator));
      v128.store(outBuffer + o, b);
      v128.store(outTheta + o, f32x4.sub(t, f32x4.mul(b, vLr)));
    } else {
      v128.store(outTheta + o, f32x4.sub(t, f32x4.mul(f32x4.div(g, denominator), vLr)));
    }
  }
}
