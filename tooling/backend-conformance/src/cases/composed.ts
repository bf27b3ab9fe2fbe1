/**
 * Small models made of many ops, where the tape has to accumulate gradients of shared weights
 * across steps: an RNN run over time, an LSTM-style gated cell, a softmax cross-entropy.
 */
import {
  add,
  arange,
  concat,
  gather,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  oneHot,
  reshape,
  sigmoid,
  slice,
  split,
  stack,
  sub,
  sum,
  tanh,
  unstack,
  type Tensor,
} from '@rnn/tensor';
import { intsInput, uniformInput, type Case, type CaseGroup } from '../case.js';

/** h' = tanh(x·Wᵀ + h·Uᵀ + b), one step. */
function rnnStep(x: Tensor, h: Tensor, w: Tensor, u: Tensor, b: Tensor): Tensor {
  return tanh(add(add(matmul(x, w, { transposeB: true }), matmul(h, u, { transposeB: true })), b));
}

const composedCases: Case[] = [
  {
    name: 'RNN step h′ = tanh(x·Wᵀ + h·Uᵀ + b) over 3 time steps, shared weights',
    // x: [time 3, batch 2, input 3], h0: [2, 4], W: [4, 3], U: [4, 4], b: [4]
    inputs: [uniformInput([3, 2, 3]), uniformInput([2, 4]), uniformInput([4, 3], -0.5, 0.5), uniformInput([4, 4], -0.5, 0.5), uniformInput([4], -0.5, 0.5)],
    op: (xs, h0, w, u, b) => {
      let h = h0;
      const hs: Tensor[] = [];
      for (const x of unstack(xs)) {
        h = rnnStep(x, h, w, u, b);
        hs.push(h);
      }
      return [h, stack(hs)];
    },
    differentiable: true,
  },
  {
    name: 'RNN over 3 steps via slice/reshape, loss on the last state only',
    inputs: [uniformInput([2, 3, 3]), uniformInput([2, 4]), uniformInput([4, 3], -0.5, 0.5), uniformInput([4, 4], -0.5, 0.5), uniformInput([4], -0.5, 0.5)],
    op: (xs, h0, w, u, b) => {
      let h = h0;
      for (let t = 0; t < 3; t++) h = rnnStep(reshape(slice(xs, [0, t, 0], [2, 1, 3]), [2, 3]), h, w, u, b);
      return h;
    },
    differentiable: true,
  },
  {
    name: 'LSTM-style cell (split gates, sigmoid/tanh, elementwise state)',
    // x: [2, 3], h: [2, 2], c: [2, 2], W: [8, 5] on concat([x, h]), b: [8]
    inputs: [uniformInput([2, 3]), uniformInput([2, 2]), uniformInput([2, 2]), uniformInput([8, 5], -0.5, 0.5), uniformInput([8], -0.5, 0.5)],
    op: (x, h, c, w, b) => {
      const z = add(matmul(concat([x, h], 1), w, { transposeB: true }), b);
      const [i, f, g, o] = split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const c2 = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
      return [mul(sigmoid(o), tanh(c2)), c2];
    },
    differentiable: true,
  },
  {
    name: 'softmax cross-entropy by oneHot and by gather',
    inputs: [uniformInput([4, 5], -2, 2), intsInput([3, 0, 4, 1])],
    op: (logits, labels) => {
      const lp = logSoftmax(logits);
      const byOneHot = neg(mean(sum(mul(oneHot(labels, 5), lp), -1)));
      // The same loss by picking lp[r, labels[r]] at flat index 5·r + labels[r].
      const flat = add(labels, arange(0, 20, 5, { backend: labels.backend }));
      const byGather = neg(mean(gather(reshape(lp, [20]), flat)));
      return [byOneHot, byGather, sub(byOneHot, byGather)];
    },
    differentiable: true,
  },
];

// Models chain many ops, so each case runs in tidy.
export const composedGroup: CaseGroup = { name: 'composed models', cases: composedCases.map((c) => ({ ...c, composite: true })) };
