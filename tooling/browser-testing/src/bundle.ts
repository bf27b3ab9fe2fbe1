/** Bundles a TypeScript entry into one browser ES module with esbuild (in memory). */
import { build } from 'esbuild';

export interface BundleOptions {
  /**
   * Import path → replacement (a package, or an absolute path), as esbuild's `alias`: e.g. a
   * browser shim in place of a Node-only package, or a workspace package's sources in place of
   * its dist/.
   */
  readonly alias?: Readonly<Record<string, string>>;
}

export async function bundleForBrowser(entry: string, { alias = {} }: BundleOptions = {}): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', alias: { ...alias } });
  return result.outputFiles[0]!.text;
}
