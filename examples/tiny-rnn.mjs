// The demo: a tiny Elman RNN learns to sum a sequence of numbers, trained with @rnn/tensor's
// autograd on the cpu backend. Run with `pnpm demo` (it builds @rnn/tensor first).
//
//   h_t = tanh(x_t · W_ihᵀ + h_{t-1} · W_hhᵀ + b),   ŷ = h_T · W_outᵀ + b_out,   loss = mean((ŷ − Σx)²)
import {
  Generator,
  add,
  createCpuBackend,
  matmul,
  mean,
  mul,
  numHandles,
  setBackend,
  slice,
  square,
  sub,
  sum,
  tanh,
  tidy,
  uniform,
  variable,
  variableGrads,
  zeros,
  reshape,
} from '@rnn/tensor';

setBackend(createCpuBackend());
const gen = new Generator(7);
const [steps, batch, hidden, seqLen, lr] = [300, 32, 16, 6, 0.05];
const init = (shape, fanIn) => uniform(shape, { generator: gen, low: -1 / Math.sqrt(fanIn), high: 1 / Math.sqrt(fanIn) });

// Variables keep their own reference; tidy frees the initial values once copied in.
const params = tidy(() => ({
  weight_ih: variable(init([hidden, 1], hidden), { name: 'weight_ih' }),
  weight_hh: variable(init([hidden, hidden], hidden), { name: 'weight_hh' }),
  bias: variable(zeros([hidden]), { name: 'bias' }),
  weight_out: variable(init([1, hidden], hidden), { name: 'weight_out' }),
  bias_out: variable(zeros([1]), { name: 'bias_out' }),
}));

function predict(x) {
  // x: [T, B, 1] → ŷ: [B, 1]; the same weights at every step, so gradients accumulate over time.
  let h = zeros([batch, hidden]);
  for (let t = 0; t < seqLen; t++) {
    const xt = reshape(slice(x, [t, 0, 0], [1, batch, 1]), [batch, 1]);
    h = tanh(add(add(matmul(xt, params.weight_ih, { transposeB: true }), matmul(h, params.weight_hh, { transposeB: true })), params.bias));
  }
  return add(matmul(h, params.weight_out, { transposeB: true }), params.bias_out);
}

console.log(`Training a ${hidden}-unit Elman RNN to sum ${seqLen} numbers (batch ${batch}, SGD lr ${lr})`);
const first = { loss: 0 };
let last = 0;
for (let step = 1; step <= steps; step++) {
  const loss = tidy(() => {
    const x = uniform([seqLen, batch, 1], { generator: gen });
    const target = sum(x, 0);
    const { value, grads } = variableGrads(() => mean(square(sub(predict(x), target))));
    for (const [v, g] of grads) v.assign(sub(v, mul(g, lr)));
    return value;
  });
  const value = loss.itemSync();
  loss.dispose();
  if (step === 1) first.loss = value;
  last = value;
  if (step === 1 || step % 30 === 0) console.log(`step ${String(step).padStart(3)}  loss ${value.toFixed(5)}`);
}
console.log(`loss fell from ${first.loss.toFixed(4)} to ${last.toFixed(4)}; live tensors: ${numHandles()} (the 5 parameters)`);
if (!(last < first.loss / 5)) {
  console.error('the loss did not fall as expected');
  process.exit(1);
}
