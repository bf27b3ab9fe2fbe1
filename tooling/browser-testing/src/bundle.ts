/** Bundles a TypeScript entry into one browser ES module with esbuild (in memory). */
import { build } from 'esbuild';

export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}
