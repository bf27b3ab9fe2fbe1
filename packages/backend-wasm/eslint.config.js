import { rnnConfig } from '@rnn/eslint-config';

// assembly/ is AssemblyScript (decorators on functions, v128 builtins): asc checks it, not ESLint.
export default [{ ignores: ['assembly/**', 'wasm/**'] }, ...rnnConfig(import.meta.dirname)];
