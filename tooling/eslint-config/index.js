// The one ESLint flat config every package extends: `export default rnnConfig(import.meta.dirname)`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * @param {string} tsconfigRootDir the package folder, so type-aware rules find its tsconfig.json
 */
export function rnnConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        // Numeric code indexes typed arrays in hot loops; `noUncheckedIndexedAccess` already
        // makes every read `number | undefined`, and `!` there is deliberate.
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        eqeqeq: 'error',
      },
    },
    {
      files: ['**/*.test.ts', 'bench/**/*.ts'],
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
      },
    },
  );
}
