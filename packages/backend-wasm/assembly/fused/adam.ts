// The fused Adam/AdamW update of one float32 parameter (see @rnn/tensor's AdamRule), four lanes
// at a time, bit-identical to the composed update for the reasons given in sgd.ts (IEEE float32
// operations in the rule's order, scalars rounded once, no fused multiply-add, whole-block
// vectors).

/** Flag bits (src/fused/optimizer-step.ts has the same table). */
const L2 = 1;
const DECOUPLED = 2;
const AMSGRAD = 4;
/** Which slots exist; a missing one reads as zeros. */
const HAS_AVG = 8;
const HAS_SQUARE = 16;
const HAS_MAX = 32;

export function adamF32(
  theta: usize,
  grad: usize,
  avg: usize,
  square: usize,
  maxSquare: usize,
  outTheta: usize,
  outAvg: usize,
  outSquare: usize,
  outMaxSquare: usize,
  n: i32,
  weightDecay: f32,
  decay: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  eps: f32,
  stepSize: f32,
  biasCorrection2Sqrt: f32,
  flags: i32,
): void {
  const l2 = (flags & L2) != 0;
  const decoupled = (flags & DECOUPLED) != 0;
  const amsgrad = (flags & AMSGRAD) != 0;
  const hasAvg = (flags & HAS_AVG) != 0;
  const hasSquare = (flags & HAS_SQUARE) != 0;
  const hasMax = (flags & HAS_MAX) != 0;
  const zero = f32x4.splat(0);
  const vWeightDecay = f32x4.splat(weightDecay);
  const vDecay = f32x4.splat(decay);
  const vOneMinusBeta1 = f32x4.splat(oneMinusBeta1);
  const vBeta2 = f32x4.splat(beta2);
  const vOneMinusBeta2 = f32x4.splat(oneMinusBeta2);
  const vEps = f32x4.splat(eps);
  const vStepSize = f32x4.splat(stepSize);
  const vCorrection = f32x4.splat(biasCorrection2Sqrt);
  const end = <usize>n * 4;
  for (let o: usize = 0; o < end; o += 16) {
    const t0 = v128.load(theta + o);
    const t = decoupled ? f32x4.mul(t0, vDecay) : t0;
    let g = v128.load(grad + o);
    if (l2) g = f32x4.add(g, f32x4.mul(t0, vWeightDecay));
    const m0 = hasAvg ? v128.load(avg + o) : zero;
    const m = f32x4.add(m0, f32x4.mul(f32x4.sub(g, m0), vOneMinusBeta1));
    const v = f32x4.add(f32x4.mul(hasSquare ? v128.load(square + o) : zero, vBeta2), f32x4.mul(f32x4.mul(g, g), vOneMinusBeta2));
    let second = v;
    if (amsgrad) {
      second = f32x4.max(hasMax ? v128.load(maxSquare + o) : zero, v);
      v128.store(outMaxSquare + o, second);
    }
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(second), vCorrection), vEps);
    v128.store(outAvg + o, m);
    v128.store(outSquare + o, v);
    v128.store(outTheta + o, f32x4.sub(t, f32x4.mul(f32x4.div(m, denominator), vStepSize)));
  }
}
