// The page's registration shim must run a tree the way vitest would: order, hooks, skips,
// failures with full names, per-test timeouts, the filter. Each test gets a fresh registry.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Suite from './suite.js';

let shim: typeof Suite;

beforeEach(async () => {
  vi.resetModules();
  shim = await import('./suite.js');
});

describe('the page test runner', () => {
  it('runs in registration order, hooks around each suite, and counts skips and failures', async () => {
    const log: string[] = [];
    shim.describe('a', () => {
      shim.beforeAll(() => log.push('before a'));
      shim.afterAll(() => log.push('after a'));
      shim.it('one', () => log.push('one'));
      shim.describe('b', () => {
        shim.beforeAll(async () => {
          await Promise.resolve();
          log.push('before b');
        });
        shim.it('two', ({ skip }) => {
          log.push('two');
          skip('not here');
        });
      });
      shim.it('three', () => {
        throw new Error('broken');
      });
    });
    shim.describe.skipIf(true)('c', () => {
      shim.beforeAll(() => log.push('before c'));
      shim.it('four', () => log.push('four'));
      shim.describe('d', () => {
        shim.it('five', () => log.push('five'));
      });
    });
    const summary = await shim.runRegistered({ timeoutMs: 1000 });
    expect(log).toEqual(['before a', 'one', 'before b', 'two', 'after a']);
    expect(summary).toEqual({ passed: 1, skipped: 3, failed: [{ name: 'a > three', message: 'Error: broken' }] });
  });

  it('fails every test under a suite whose beforeAll throws, and still runs the next suite', async () => {
    shim.describe('a', () => {
      shim.beforeAll(() => {
        throw new Error('no backend');
      });
      shim.it('one', () => undefined);
      shim.describe('b', () => {
        shim.it('two', () => undefined);
      });
    });
    shim.describe('c', () => {
      shim.it('three', () => undefined);
    });
    const summary = await shim.runRegistered({ timeoutMs: 1000 });
    expect(summary.passed).toBe(1);
    expect(summary.failed.map((f) => f.name)).toEqual(['a > one', 'a > b > two']);
    expect(summary.failed[0]!.message).toBe('beforeAll failed: Error: no backend');
  });

  it('fails a test that hangs past the timeout and goes on', async () => {
    shim.describe('a', () => {
      shim.it('hangs', () => new Promise(() => undefined));
      shim.it('runs', () => undefined);
    });
    const summary = await shim.runRegistered({ timeoutMs: 20 });
    expect(summary.passed).toBe(1);
    expect(summary.failed).toEqual([{ name: 'a > hangs', message: 'Error: a > hangs timed out after 20 ms' }]);
  });

  it('leaves filtered-out tests out of every count, and skips hooks of suites with none left', async () => {
    const log: string[] = [];
    shim.describe('a', () => {
      shim.beforeAll(() => log.push('before a'));
      shim.it('matmul', () => undefined);
    });
    shim.describe('b', () => {
      shim.it('matmul', () => undefined);
      shim.it('add', () => undefined);
    });
    const names: string[] = [];
    const summary = await shim.runRegistered({ timeoutMs: 1000, filter: /^b > /, onTest: (name) => names.push(name) });
    expect(summary).toEqual({ passed: 2, skipped: 0, failed: [] });
    expect(names).toEqual(['b > matmul', 'b > add']);
    expect(log).toEqual([]);
  });
});
