/**
 * The examples' command-line flags: every option of a run has a default, and `--some-name V`
 * sets option `someName`, parsed as the default's type. Unknown flags and bad values stop the
 * program with the list of flags, rather than running a configuration nobody asked for.
 */
import { parseArgs } from 'node:util';

type Flag = number | string | boolean;
/** An options object whose every value is a flag: the defaults of a run. */
type Flags<T> = { readonly [K in keyof T]: Flag };

export class UsageError extends Error {
  override name = 'UsageError';
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flags and their defaults, one per line, for `--help` and error messages. */
export function usage<T extends Flags<T>>(program: string, defaults: T, choices: Partial<Record<keyof T, readonly string[]>> = {}): string {
  const lines = Object.entries<Flag>(defaults).map(([name, value]) => {
    const allowed = choices[name as keyof T];
    return `  --${kebab(name)} ${allowed ? allowed.join('|') : typeof value}  (default ${String(value)})`;
  });
  return [`usage: node --import tsx ${program} [flags]`, ...lines].join('\n');
}

/**
 * `defaults` overridden by `argv`. Numbers must be finite, `choices` restricts strings, and a
 * boolean flag is given bare (`--quiet`) or as `--no-quiet`.
 */
export function parseFlags<T extends Flags<T>>(argv: readonly string[], defaults: T, choices: Partial<Record<keyof T, readonly string[]>> = {}): T {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, value] of Object.entries<Flag>(defaults)) {
    options[kebab(name)] = { type: typeof value === 'boolean' ? 'boolean' : 'string' };
    if (typeof value === 'boolean') options[`no-${kebab(name)}`] = { type: 'boolean' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const result: Record<string, Flag> = { ...defaults };
  for (const [name, fallback] of Object.entries<Flag>(defaults)) {
    const given = values[kebab(name)];
    if (typeof fallback === 'boolean') {
      if (values[`no-${kebab(name)}`] === true) result[name] = false;
      else if (given === true) result[name] = true;
      continue;
    }
    if (typeof given !== 'string') continue;
    if (typeof fallback === 'number') {
      const parsed = Number(given);
      if (given.trim() === '' || !Number.isFinite(parsed)) throw new UsageError(`--${kebab(name)} must be a number, got '${given}'`);
      result[name] = parsed;
    } else {
      const allowed = choices[name as keyof T];
      if (allowed && !allowed.includes(given)) throw new UsageError(`--${kebab(name)} must be one of ${allowed.join(', ')}, got '${given}'`);
      result[name] = given;
    }
  }
  // Strings outside `choices` were refused above, so each value has its default's type.
  return result as T;
}

/**
 * The entry point's flags from `process.argv`; prints the usage and exits on `--help` (status 0)
 * or on a bad flag (status 2).
 */
export function cliFlags<T extends Flags<T>>(program: string, defaults: T, choices: Partial<Record<keyof T, readonly string[]>> = {}): T {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage(program, defaults, choices));
    process.exit(0);
  }
  try {
    return parseFlags(argv, defaults, choices);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${usage(program, defaults, choices)}`);
    process.exit(2);
  }
}
