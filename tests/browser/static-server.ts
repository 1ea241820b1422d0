/**
 * The built console (web/dist) on loopback with the CSP the deployment sets
 * (`default-src 'self'`). Static files only: there is no API behind /api/ (404), so these
 * tests see exactly what the browser does before the API answers.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

export const CSP = "default-src 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveStatic(directory: string): Promise<StaticServer> {
  const root = resolve(directory);
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
    const file = join(root, normalize(path === '/' ? '/index.html' : path));
    const fallback = !path.startsWith('/api/') && !path.includes('.');
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      const body = await readFile(fallback && path !== '/' ? join(root, 'index.html') : file);
      const type = fallback ? TYPES['.html'] : (TYPES[extname(file)] ?? 'application/octet-stream');
      response.writeHead(200, { ...headers, 'content-type': type ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { ...headers, 'content-type': 'application/json' });
      response.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
