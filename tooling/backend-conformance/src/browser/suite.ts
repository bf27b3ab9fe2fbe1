/**
 * The part of vitest's API the suite registers tests with — `describe` (and `describe.skipIf`),
 * `it` with its `{ skip }` context, `beforeAll`, `afterAll` — for a page in a browser, where
 * vitest itself does not run. Registration builds a tree; `runRegistered` then runs it the way
 * vitest does: sequentially, in registration order, each suite's `beforeAll` before its first
 * test and its `afterAll` after its last, a failing `beforeAll` failing the suite's tests.
 */

type Hook = () => unknown;
type TestFn = (context: { skip: (note?: string) => never }) => unknown;

interface Test {
  readonly kind: 'test';
  readonly name: string;
  readonly fn: TestFn;
}

interface Suite {
  readonly kind: 'suite';
  readonly name: string;
  readonly skipped: boolean;
  readonly children: (Suite | Test)[];
  readonly beforeAll: Hook[];
  readonly afterAll: Hook[];
}

export interface Failure {
  /** The full name, vitest-style: `suite > suite > test`. */
  readonly name: string;
  readonly message: string;
}

export interface RunSummary {
  readonly passed: number;
  readonly skipped: number;
  readonly failed: Failure[];
}

export interface RunOptions {
  /** Only tests whose full name matches run; the others are left out of every count. */
  readonly filter?: RegExp;
  /** Per test and per hook, like vitest's testTimeout: a hung promise fails its test, not the run. */
  readonly timeoutMs: number;
  /** Called before each test, so a caller can say where a run that hangs got to. */
  readonly onTest?: (name: string) => void;
}

const newSuite = (name: string, skipped: boolean): Suite => ({ kind: 'suite', name, skipped, children: [], beforeAll: [], afterAll: [] });

const root = newSuite('', false);
let current = root;

function register(name: string, fn: () => void, skipped: boolean): void {
  const suite = newSuite(name, skipped || current.skipped);
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    fn();
  } finally {
    current = parent;
  }
}

export const describe = Object.assign(
  (name: string, fn: () => void): void => {
    register(name, fn, false);
  },
  {
    skipIf:
      (condition: unknown) =>
      (name: string, fn: () => void): void => {
        register(name, fn, Boolean(condition));
      },
  },
);

export function it(name: string, fn: TestFn): void {
  current.children.push({ kind: 'test', name, fn });
}

export function beforeAll(fn: Hook): void {
  current.beforeAll.push(fn);
}

export function afterAll(fn: Hook): void {
  current.afterAll.push(fn);
}

/** Thrown by the context's `skip`, as vitest's is, so the rest of the test does not run. */
class Skip extends Error {}

const skip = (note?: string): never => {
  throw new Skip(note);
};

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function withTimeout(what: string, ms: number, run: () => unknown): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  try {
    await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Tally {
  passed: number;
  skipped: number;
  readonly failed: Failure[];
}

const fullName = (path: readonly string[]): string => path.filter((n) => n !== '').join(' > ');

/** The full names of the tests under `suite` that the filter keeps. */
function testsUnder(suite: Suite, path: readonly string[], filter: RegExp | undefined): string[] {
  return suite.children.flatMap((child) => {
    const childPath = [...path, child.name];
    if (child.kind === 'suite') return testsUnder(child, childPath, filter);
    const name = fullName(childPath);
    return filter === undefined || filter.test(name) ? [name] : [];
  });
}

async function runHooks(hooks: readonly Hook[], what: string, timeoutMs: number): Promise<void> {
  for (const hook of hooks) await withTimeout(what, timeoutMs, hook);
}

async function runSuite(suite: Suite, path: readonly string[], options: RunOptions, tally: Tally): Promise<void> {
  const tests = testsUnder(suite, path, options.filter);
  if (tests.length === 0) return;
  if (suite.skipped) {
    tally.skipped += tests.length;
    return;
  }
  const where = fullName(path) || 'the root suite';
  try {
    await runHooks(suite.beforeAll, `beforeAll in ${where}`, options.timeoutMs);
  } catch (error) {
    for (const name of tests) tally.failed.push({ name, message: `beforeAll failed: ${messageOf(error)}` });
    return;
  }
  for (const child of suite.children) {
    const childPath = [...path, child.name];
    if (child.kind === 'suite') {
      await runSuite(child, childPath, options, tally);
      continue;
    }
    const name = fullName(childPath);
    if (options.filter !== undefined && !options.filter.test(name)) continue;
    options.onTest?.(name);
    try {
      await withTimeout(name, options.timeoutMs, () => child.fn({ skip }));
      tally.passed += 1;
    } catch (error) {
      if (error instanceof Skip) tally.skipped += 1;
      else tally.failed.push({ name, message: messageOf(error) });
    }
  }
  try {
    await runHooks(suite.afterAll, `afterAll in ${where}`, options.timeoutMs);
  } catch (error) {
    tally.failed.push({ name: `${where} (afterAll)`, message: messageOf(error) });
  }
}

/** Runs every test registered so far. */
export async function runRegistered(options: RunOptions): Promise<RunSummary> {
  const tally: Tally = { passed: 0, skipped: 0, failed: [] };
  await runSuite(root, [], options, tally);
  return tally;
}
