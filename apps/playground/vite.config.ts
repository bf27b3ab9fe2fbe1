/**
 * The playground's Vite config. The dev and preview servers send the two headers that make the
 * page cross-origin isolated — the only way a browser gives it SharedArrayBuffer, which the wasm
 * backend's threads need. A static host must send the same (README, "Serving it").
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/** Cross-origin isolation: COOP same-origin + COEP require-corp. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Relative asset URLs, so the build works from any folder of a static host.
  base: './',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  plugins: [
    viteStaticCopy({
      targets: [
        // The wasm kernels (one file per feature set; the backend picks one at run time).
        { src: fromHere('./node_modules/@rnn/backend-wasm/wasm/*.wasm'), dest: 'wasm', rename: { stripBase: true } },
        // The bundled corpus, fetched by the worker when the char-LM uses it.
        { src: fromHere('../../data/tinyshakespeare.txt'), dest: 'data', rename: { stripBase: true } },
      ],
    }),
  ],
});
