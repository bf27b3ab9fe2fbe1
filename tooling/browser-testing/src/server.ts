/**
 * A static file server on 127.0.0.1 for browser tests: routes map URL prefixes to folders or to
 * in-memory files, and `isolated` adds the COOP/COEP headers that give a page
 * SharedArrayBuffer (cross-origin isolation).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** URL path → file contents (exact paths). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** URL prefix (ending in '/') → folder on disk. */
  readonly folders?: Readonly<Record<string, string>>;
  /** Send COOP: same-origin and COEP: require-corp. */
  readonly isolated?: boolean;
}

export async function serve({ files = {}, folders = {}, isolated = false }: ServeOptions): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      const headers: Record<string, string> = { 'Content-Type': TYPES[path.endsWith('/') ? '.html' : extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
      try {
        let body: string | Uint8Array | undefined = files[path];
        if (body === undefined) {
          const prefix = Object.keys(folders).find((p) => path.startsWith(p));
          if (prefix === undefined) throw new Error('not found');
          const relative = normalize(path.slice(prefix.length));
          if (relative.startsWith('..')) throw new Error('outside the folder');
          body = await readFile(join(folders[prefix]!, relative));
        }
        response.writeHead(200, headers).end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((e) => {
          if (e) reject(e);
          else resolve();
        }),
      ),
  };
}
