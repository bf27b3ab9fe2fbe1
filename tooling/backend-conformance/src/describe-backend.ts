/**
 * `describeBackend`: registers the whole suite for one backend. Every case runs in every float
 * dtype the backend supports (float64 only where `caps.float64`; skips always come from caps,
 * never from names), plainly and under autograd, against the cpu backend computing in float64
 * (the oracle); differentiable cases are also checked by finite differences in float64. Every
 * test fails if it changes `numHandles(backend)`.
 */
import { createCpuBackend, type Backend } from '@rnn/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADCHECK_MAX_ELEMENTS, missingCaps, type Case, type Check } from './case.js';
import { ALL_GROUPS } from './cases/index.js';
import { expectAllclose, expectExactlyEqual, type Result } from './compare.js';
import { isFloatDType, lossAt, runPlain, runUnderAutograd, type AutogradRun } from './execute.js';
import { numericGradients } from './gradcheck.js';
import { makeWeights, materializeInputs, type InputValues } from './inputs.js';
import { expectNoLeaks } from './leaks.js';
import {
  FLOAT_DTYPES,
  GRADCHECK,
  resolveTolerances,
  scaled,
  type ConformanceOptions,
  type FloatDType,
  type Tolerances,
} from './options.js';

/** What the oracle computed for a case in one dtype (its inputs are shared with the backend). */
interface OracleRun {
  readonly inputs: InputValues[];
  readonly outputs: Result[];
  readonly weights: (Float64Array | null)[];
}

const kindOf = (dtype: string): string => (isFloatDType(dtype) ? 'float' : dtype);

/** The tolerance for a float result: float32's if either side computed in float32. */
function toleranceFor(tolerances: Record<FloatDType, Tolerances>, a: string, b: string, scale = 1): Tolerances {
  return scaled(a === 'float32' || b === 'float32' ? tolerances.float32 : tolerances.float64, scale);
}

function compareResults(
  actual: readonly Result[],
  expected: readonly Result[],
  label: string,
  tolerances: Record<FloatDType, Tolerances>,
  scale: number,
  what: (i: number) => string,
): void {
  expect(actual.length, `${label}: number of results`).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    const name = `${label}: ${what(i)}`;
    expect([...a.shape], `${name}: shape`).toEqual([...e.shape]);
    expect(kindOf(a.dtype), `${name}: dtype ${a.dtype} (the oracle's is ${e.dtype})`).toBe(kindOf(e.dtype));
    if (isFloatDType(e.dtype)) expectAllclose(a.data, e.data, toleranceFor(tolerances, a.dtype, e.dtype, scale), name, a.shape);
    else expectExactlyEqual(a.data, e.data, name, a.shape);
  });
}

/** Whether finite differences run for `c`. */
function wantsGradcheck(c: Case): boolean {
  if (!c.differentiable || c.gradcheck === false) return false;
  if (c.gradcheck === true) return true;
  const size = c.inputs
    .filter((x) => x.dtype === 'float' || x.dtype === 'float64')
    .reduce((n, x) => n + x.shape.reduce((a, b) => a * b, 1), 0);
  return size <= GRADCHECK_MAX_ELEMENTS;
}

export function describeBackend(name: string, createBackend: () => Backend | Promise<Backend>, options: ConformanceOptions = {}): void {
  const tolerances = resolveTolerances(options);

  describe(`backend conformance: ${name}`, () => {
    let backend: Backend | undefined;
    let oracle: Backend | undefined;

    beforeAll(async () => {
      backend = await createBackend();
      oracle = createCpuBackend();
    });

    afterAll(() => {
      backend?.destroy();
      oracle?.destroy();
    });

    const sides = (): { backend: Backend; oracle: Backend } => {
      if (backend === undefined || oracle === undefined) throw new Error(`describeBackend(${name}): the backend was not created`);
      return { backend, oracle };
    };

    /** Skips (by caps only) when the backend cannot run `dtype` or lacks `requires`. */
    const skipUnlessSupported = (
      skip: (note?: string) => never,
      dtype: FloatDType,
      requires: Case['requires'],
    ): { backend: Backend; oracle: Backend } => {
      const s = sides();
      if (dtype === 'float64' && !s.backend.caps.float64) skip('caps.float64 is false');
      const missing = missingCaps(requires, s.backend.caps);
      if (missing !== null) skip(missing);
      return s;
    };

    for (const dtype of FLOAT_DTYPES) {
      describe(dtype, () => {
        const oracleRuns = new Map<Case, Promise<OracleRun>>();
        const oracleGrads = new Map<Case, Promise<AutogradRun>>();

        const oracleRun = (c: Case, o: Backend): Promise<OracleRun> => {
          let run = oracleRuns.get(c);
          if (run === undefined) {
            run = (async () => {
              const inputs = await materializeInputs(c, dtype, o);
              const outputs = await runPlain(c, o, inputs, dtype, 'oracle');
              return { inputs, outputs, weights: await makeWeights(c, outputs, o) };
            })();
            oracleRuns.set(c, run);
          }
          return run;
        };

        const oracleAutograd = (c: Case, o: Backend, r: OracleRun): Promise<AutogradRun> => {
          let run = oracleGrads.get(c);
          if (run === undefined) {
            run = runUnderAutograd(c, o, r.inputs, dtype, 'oracle', r.weights);
            oracleGrads.set(c, run);
          }
          return run;
        };

        for (const group of ALL_GROUPS) {
          describe(group.name, () => {
            for (const c of group.cases ?? []) {
              const label = `${name} ${dtype} ${group.name} › ${c.name}`;
              const scale = c.toleranceScale ?? 1;

              it(`${c.name} · plain`, async ({ skip }) => {
                const { backend: b, oracle: o } = skipUnlessSupported(skip, dtype, c.requires);
                const expected = await oracleRun(c, o);
                await expectNoLeaks(b, `${label} (plain)`, async () => {
                  const actual = await runPlain(c, b, expected.inputs, dtype, 'backend');
                  compareResults(actual, expected.outputs, `${label} (plain, vs the cpu-float64 oracle)`, tolerances, scale, (i) => `output ${i}`);
                });
              });

              it(`${c.name} · under autograd`, async ({ skip }) => {
                const { backend: b, oracle: o } = skipUnlessSupported(skip, dtype, c.requires);
                const expected = await oracleRun(c, o);
                await expectNoLeaks(b, `${label} (under autograd)`, async () => {
                  const plain = await runPlain(c, b, expected.inputs, dtype, 'backend');
                  const run = await runUnderAutograd(c, b, expected.inputs, dtype, 'backend', expected.weights);
                  // Recording on a tape must not change a single bit of the forward values.
                  expect(run.outputs.length, `${label}: number of outputs under autograd`).toBe(plain.length);
                  plain.forEach((p, i) => {
                    const r = run.outputs[i]!;
                    expect([...r.shape], `${label}: output ${i} shape under autograd`).toEqual([...p.shape]);
                    expect(r.dtype, `${label}: output ${i} dtype under autograd`).toBe(p.dtype);
                    expectExactlyEqual(r.data, p.data, `${label}: output ${i} under autograd vs plain`, p.shape, true);
                  });
                  if (c.differentiable) {
                    const reference = await oracleAutograd(c, o, expected);
                    expect(run.gradInputs, `${label}: differentiated inputs`).toEqual(reference.gradInputs);
                    compareResults(run.grads, reference.grads, `${label} (gradients vs the oracle's autograd)`, tolerances, scale, (i) => `dL/d input ${run.gradInputs[i]}`);
                  }
                });
              });

              if (dtype === 'float64' && wantsGradcheck(c)) {
                it(`${c.name} · gradcheck`, async ({ skip }) => {
                  const { backend: b, oracle: o } = skipUnlessSupported(skip, dtype, c.requires);
                  const expected = await oracleRun(c, o);
                  await expectNoLeaks(b, `${label} (gradcheck)`, async () => {
                    const run = await runUnderAutograd(c, b, expected.inputs, dtype, 'backend', expected.weights);
                    const checked = run.gradInputs.filter((k) => c.inputs[k]!.dtype !== 'float32');
                    expect(checked.length, `${label}: a differentiable case needs a float input`).toBeGreaterThan(0);
                    const numeric = await numericGradients(
                      (inputs) => lossAt(c, b, inputs, dtype, 'backend', expected.weights),
                      expected.inputs,
                      checked,
                      GRADCHECK.eps,
                    );
                    checked.forEach((k, j) => {
                      const analytic = run.grads[run.gradInputs.indexOf(k)]!;
                      expectAllclose(analytic.data, numeric[j]!, GRADCHECK, `${label}: dL/d input ${k}, autograd vs central finite differences`, analytic.shape);
                    });
                  });
                });
              }
            }

            for (const check of group.checks ?? []) registerCheck(check, group.name, dtype);
          });
        }
      });
    }

    function registerCheck(check: Check, groupName: string, dtype: FloatDType): void {
      it(check.name, async ({ skip }) => {
        const { backend: b, oracle: o } = skipUnlessSupported(skip, dtype, check.requires);
        await expectNoLeaks(b, `${name} ${dtype} ${groupName} › ${check.name}`, () =>
          check.run({ backend: b, oracle: o, dtype, tolerances: tolerances[dtype], skip: (reason) => skip(reason) }),
        );
      });
    }
  });
}
