/**
 * Model-level agreement: a small `Seq2Seq` (from @rnn/layers) saved on the cpu backend, loaded
 * onto the backend under test and trained a few Adam steps gives the cpu backend's losses and
 * gradients (float32, to ~1e-4 relative), then the same translations, greedy and beam. Two
 * decoders: Luong attention with input feeding (a fused step at a time) and a plain one (the
 * whole target in one fused sequence call).
 */
import { Decoder, Encoder, GRU, loadModel, LSTM, LuongAttention, saveModel, Seq2Seq, type Hypothesis } from '@rnn/layers';
import { createCpuBackend, dispose, fromArray, Generator, mul, numHandles, setBackend, sub, tidy, variableGrads, type Backend } from '@rnn/tensor';
import { Adam, sequenceCrossEntropy } from '@rnn/train';
import { describe, expect, it } from 'vitest';

const cpu = createCpuBackend();

type Style = 'luong' | 'plain';

function build(style: Style): Seq2Seq {
  const generator = new Generator(style === 'luong' ? 1 : 2);
  const encoder = new Encoder({ vocabSize: 7, embeddingDim: 4, rnn: new LSTM({ inputSize: 4, hiddenSize: 5, bidirectional: true, generator }), generator });
  const decoder =
    style === 'luong'
      ? new Decoder({
          vocabSize: 6,
          embeddingDim: 4,
          rnn: new LSTM({ inputSize: 4 + 6, hiddenSize: 8, generator }),
          attention: new LuongAttention({ querySize: 8, keySize: 10, score: 'general', generator }),
          attentionSize: 6,
          generator,
        })
      : new Decoder({ vocabSize: 6, embeddingDim: 4, rnn: new GRU({ inputSize: 4, hiddenSize: 8, numLayers: 2, generator }), generator });
  const model = new Seq2Seq({ encoder, decoder, endToken: 0, startToken: 1, maxLength: 6, generator });
  // Weights twice as large make the outputs depend on the source (a fresh model says the same for
  // all), and a lower end-token bias makes outputs longer than the training targets teach.
  tidy(() => {
    for (const p of model.parameters()) p.assign(mul(p, 2));
    const bias = decoder.head.bias!;
    bias.assign(sub(bias, fromArray([3, 0, 0, 0, 0, 0])));
  });
  return model;
}

const SOURCE = [[1, 2, 3], [4, 5, 6], [2, 0, 3], [6, 0, 1], [3, 0, 0]]; // [S = 5, B = 3]
const SOURCE_LENGTHS = [5, 3, 4];
const TARGETS = [[2, 3, 4], [5, 0, 4], [3, 1, 0], [0, 1, 1]]; // [T = 4, B = 3]
const TARGET_LENGTHS = [4, 2, 3];
const STEPS = 4;

interface Run {
  losses: number[];
  /** Per step, per parameter (in namedParameters order). */
  grads: Float32Array[][];
  greedy: { tokens: number[]; finished: boolean; score: number }[][];
  beam: { tokens: number[]; finished: boolean; score: number }[][];
}

/** Loads the model onto `on`, trains it STEPS Adam steps, then translates; frees everything it made. */
async function run(on: Backend, bytes: Uint8Array): Promise<Run> {
  setBackend(on);
  const before = numHandles();
  const model = loadModel(bytes, { backend: on });
  if (!(model instanceof Seq2Seq)) throw new Error(`loadModel gave a ${model.constructor.name}`);
  const source = fromArray(SOURCE, { dtype: 'int32', backend: on });
  const targets = fromArray(TARGETS, { dtype: 'int32', backend: on });
  // A large ε keeps Adam's update smooth where a gradient is ~0: there float32 rounding could flip its sign.
  const optimizer = new Adam(model.parameters(), { lr: 1e-2, eps: 1e-3 });
  const result: Run = { losses: [], grads: [], greedy: [], beam: [] };
  const parameters = model.parameters();
  for (let step = 0; step < STEPS; step++) {
    const { value, grads } = variableGrads(() => {
      const { logits } = model.call(source, targets, { sourceLengths: SOURCE_LENGTHS, targetLengths: TARGET_LENGTHS });
      return sequenceCrossEntropy(logits, targets, TARGET_LENGTHS);
    }, parameters);
    result.losses.push((await value.data())[0]!);
    result.grads.push(await Promise.all(parameters.map(async (p) => Float32Array.from(await grads.get(p)!.data()))));
    optimizer.step(grads);
    dispose([value, ...grads.values()]);
  }
  model.eval();
  const summary = (hypotheses: Hypothesis[][]) => hypotheses.map((list) => list.map(({ tokens, finished, score }) => ({ tokens, finished, score })));
  result.greedy = summary(await model.translate(source, { sourceLengths: SOURCE_LENGTHS }));
  result.beam = summary(await model.translate(source, { sourceLengths: SOURCE_LENGTHS, beamWidth: 3, numReturn: 2, lengthPenalty: 0.6 }));
  optimizer.dispose();
  model.dispose();
  dispose([source, targets]);
  expect(numHandles()).toBe(before);
  return result;
}

/**
 * Registers the agreement tests for the backend `backend()` returns (called inside the tests, so
 * it may be created in a `beforeAll`).
 *
 * @example
 * describeSeq2SeqAgreement('wasm', () => backend);
 */
export function describeSeq2SeqAgreement(name: string, backend: () => Backend): void {
  describe.each(['luong', 'plain'] as const)(`a %s Seq2Seq on the ${name} backend`, (style) => {
    it('trains with the losses and gradients of the cpu backend, then translates to the same tokens', async () => {
      setBackend(cpu);
      const model = build(style);
      const bytes = await saveModel(model);
      model.dispose();
      const expected = await run(cpu, bytes);
      const actual = await run(backend(), bytes);
      expect(actual.losses).toHaveLength(STEPS);
      // The loss falls (so the steps did something), identically on both backends.
      expect(expected.losses.at(-1)!).toBeLessThan(expected.losses[0]!);
      actual.losses.forEach((loss, step) => {
        expect(Math.abs(loss - expected.losses[step]!), `loss at step ${step}`).toBeLessThanOrEqual(1e-4 * Math.abs(expected.losses[step]!));
      });
      actual.grads.forEach((grads, step) => {
        grads.forEach((g, i) => {
          const e = expected.grads[step]![i]!;
          const scale = e.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
          expect(scale, `gradient ${i} is not all zero`).toBeGreaterThan(0);
          const worst = g.reduce((m, x, j) => Math.max(m, Math.abs(x - e[j]!)), 0);
          expect(worst, `gradient ${i} at step ${step}`).toBeLessThanOrEqual(1e-4 * scale);
        });
      });
      for (const which of ['greedy', 'beam'] as const) {
        expect(actual[which].map((list) => list.map(({ tokens, finished }) => ({ tokens, finished }))), which).toEqual(expected[which].map((list) => list.map(({ tokens, finished }) => ({ tokens, finished }))));
        actual[which].forEach((list, b) => {
          list.forEach((h, i) => {
            expect(Math.abs(h.score - expected[which][b]![i]!.score), `${which} score ${b}.${i}`).toBeLessThanOrEqual(1e-4 * Math.abs(expected[which][b]![i]!.score) + 1e-6);
          });
        });
      }
    });
  });
}
