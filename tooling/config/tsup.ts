/** The tsup config every published package uses: ESM + CJS + .d.ts, tree-shakeable. */

/** The tsup options we set (a plain object: tsup reads it as it is). */
export interface PackageBuildOptions {
  readonly entry: string[];
  readonly format: ('esm' | 'cjs')[];
  readonly dts: boolean;
  readonly sourcemap: boolean;
  readonly clean: boolean;
  readonly target: string;
  readonly treeshake: boolean;
}

export function packageTsupConfig(entry: readonly string[] = ['src/index.ts']): PackageBuildOptions {
  return { entry: [...entry], format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: true, target: 'es2022', treeshake: true };
}
