import { beforeEach, describe, expect, it } from 'vitest';
import {
  add,
  createCpuBackend,
  dispose,
  exp,
  fromArray,
  HandleLeakError,
  keep,
  mul,
  numHandles,
  scope,
  setBackend,
  setDebugMode,
  NonFiniteError,
  log,
  tidy,
  valueAndGrad,
  sum,
  square,
  type Backend,
} from '../index.js';

let cpu: Backend;
beforeEach(() => {
  cpu = createCpuBackend();
  setBackend(cpu);
});

describe('tidy', () => {
  it('disposes intermediates and keeps what it returns', () => {
    const x = fromArray([1, 2, 3]);
    const before = numHandles();
    const y = tidy(() => add(mul(x, 2), exp(x)));
    expect(numHandles()).toBe(before + 1);
    expect(y.isDisposed).toBe(false);
  });

  it('keeps every tensor of a returned container', () => {
    const before = numHandles();
    const out = tidy(() => ({ a: fromArray([1]), list: [fromArray([2]), fromArray([3])], n: 4 }));
    expect(numHandles()).toBe(before + 3);
    dispose(out);
    expect(numHandles()).toBe(before);
  });

  it('nests: an inner result moves to the outer scope and is freed there', () => {
    const before = numHandles();
    tidy(() => {
      const inner = tidy(() => mul(fromArray([1, 2]), 3));
      expect(inner.isDisposed).toBe(false);
      return undefined;
    });
    expect(numHandles()).toBe(before);
  });

  it('spares kept tensors', () => {
    let kept = fromArray([0]);
    tidy(() => {
      kept = keep(fromArray([1]));
      return fromArray([2]);
    });
    expect(kept.isDisposed).toBe(false);
  });

  it('rejects async functions', () => {
    expect(() => tidy(() => Promise.resolve() as never)).toThrow(/use `using s = scope\(\)`/);
  });
});

describe('scope (using)', () => {
  it('frees what a block created, across awaits', async () => {
    const before = numHandles();
    const step = async (): Promise<number> => {
      using _scope = scope();
      const a = fromArray([1, 2]);
      await Promise.resolve();
      const b = add(a, 1);
      const data = await b.data();
      return data[1]!;
    };
    expect(await step()).toBe(3);
    expect(numHandles()).toBe(before);
  });

  it('lets a block return a tensor with keep', async () => {
    const before = numHandles();
    const make = async () => {
      using s = scope();
      await Promise.resolve();
      return s.keep(add(fromArray([1]), 1));
    };
    const t = await make();
    expect(numHandles()).toBe(before + 1);
    expect(await t.data()).toEqual(new Float32Array([2]));
  });
});

describe('a training-style loop', () => {
  it('holds a flat handle count over many steps', () => {
    const w = keep(fromArray([0.5, -0.5]));
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) {
      tidy(() => {
        const { grads } = valueAndGrad((v) => sum(square(mul(v, 3))))(w);
        return grads;
      }).forEach((g) => {
        g.dispose();
      });
      counts.push(numHandles());
    }
    expect(new Set(counts).size).toBe(1);
  });
});

describe('debug mode', () => {
  it('catches a kernel that leaks storage', () => {
    const leaky: Backend = {
      ...cpu,
      unary(op, x) {
        cpu.unary(op, x); // allocated and never released
        return cpu.unary(op, x);
      },
    };
    setDebugMode(true);
    try {
      expect(() => exp(fromArray([1], { backend: leaky }))).toThrow(HandleLeakError);
    } finally {
      setDebugMode(false);
    }
  });

  it('names the op that produced a non-finite value', () => {
    setDebugMode(true);
    try {
      expect(() => log(fromArray([1, 0]))).toThrow(NonFiniteError);
      expect(() => log(fromArray([1, 0]))).toThrow('log: non-finite value -Infinity at flat index 1');
    } finally {
      setDebugMode(false);
    }
  });
});
