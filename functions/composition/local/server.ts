/**
 * `npm start`: the embedded default on one machine. Embedded DynamoDB under DATA_DIR,
 * seeded sample data, the Lambda handlers behind an API-Gateway-shaped HTTP server, and
 * the console (web/dist/, built by `npm run build:web`) at the root.
 */

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PayloadTooLargeError,
  readBody,
  toApiGatewayEvent,
  writeResult,
} from '../../adapters/local/http-adapter.js';
import { LOCAL_UPLOAD_PREFIX } from '../../adapters/local/uploads.js';
import { CONSOLE_CSP } from '../../shared/console-csp.js';
import { buildLocalRuntime, type LocalQueueTuning } from './runtime.js';
import { type LocalData, type LocalDataOptions, openLocalData } from './stack.js';

const WEB_ROOT = resolve(fileURLToPath(new URL('../../../web/dist/', import.meta.url)));
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface LocalServer {
  readonly url: string;
  readonly data: LocalData;
  /** Resolves when the ingests started by uploads so far are done. */
  readonly ingesting: () => Promise<void>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use. Stop the other process or start with PORT=<another port> npm start.`,
    );
    this.name = 'PortInUseError';
  }
}

export async function startLocalServer(
  options: LocalDataOptions & {
    port?: number;
    host?: string;
    queue?: LocalQueueTuning;
    /** The built console (default web/dist; tests build their own). */
    webRoot?: string;
  } = {},
): Promise<LocalServer> {
  const data = await openLocalData(options);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? data.config.port;
  let runtime: Awaited<ReturnType<typeof buildLocalRuntime>>;
  try {
    runtime = await buildLocalRuntime(data, options.queue, options.log, { host, port });
  } catch (error) {
    await data.close();
    throw error;
  }
  const server = createServer(async (request, response) => {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const api = path.startsWith('/api/');
    const routeKey = api ? 'ANY /api/{proxy+}' : `${method} ${path}`;
    const handler = api ? runtime.api : runtime.routes[routeKey];
    try {
      if (method === 'POST' && path.startsWith(LOCAL_UPLOAD_PREFIX)) {
        // Read no more than the upload's policy allows (an unknown token: next to nothing).
        const body = await readBody(request, runtime.uploads.bodyLimit(path) ?? 1024);
        const result = await runtime.uploads.accept(path, request.headers['content-type'], body);
        writeResult(response, {
          statusCode: result.status,
          ...(result.error ? { body: JSON.stringify({ error: result.error }) } : {}),
        });
        return;
      }
      if (handler) {
        const body = await readBody(request);
        writeResult(response, await handler(toApiGatewayEvent(request, body, routeKey)));
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        await serveStatic(path, response, options.webRoot ? resolve(options.webRoot) : WEB_ROOT);
        return;
      }
      writeResult(response, { statusCode: 404, body: '{"error":"not found"}' });
    } catch (error) {
      const statusCode = error instanceof PayloadTooLargeError ? 413 : 500;
      if (statusCode === 500) console.error(`request ${routeKey} failed: ${(error as Error).name}`);
      if (!response.headersSent)
        writeResult(response, { statusCode, body: JSON.stringify({ error: statusCode }) });
      else response.end();
    }
  });
  try {
    await listen(server, port, host);
  } catch (error) {
    await runtime.close();
    await data.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port);
    throw error;
  }
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    data,
    ingesting: runtime.ingesting,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await runtime.close();
      await data.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}

const STATIC_SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

async function serveStatic(
  path: string,
  response: import('node:http').ServerResponse,
  webRoot: string,
): Promise<void> {
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '');
  const file = join(webRoot, relative);
  if (!file.startsWith(webRoot)) {
    writeResult(response, { statusCode: 404, body: 'not found' });
    return;
  }
  try {
    const content = await readFile(file);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      ...STATIC_SECURITY_HEADERS,
      // Hashed bundles never change under their name; the page that names them must be re-read.
      'cache-control': /-[A-Za-z0-9]{8,}\.(js|css)$/.test(file)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    response.end(content);
  } catch {
    // The console routes in the page's hash (#/faq), so a path that is no file is not one of
    // its screens: a GET on a webhook, or what a traversal normalises to, is a 404 here.
    writeResult(response, { statusCode: 404, body: 'not found' });
  }
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[local] ${line}`);
  let local: LocalServer;
  try {
    local = await startLocalServer({ log });
  } catch (error) {
    console.error(`[local] ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  log(`tables: ${JSON.stringify(local.data.tables)}`);
  log(`data directory: ${resolve(local.data.config.dataDir)}`);
  log(
    `listening on ${local.url} (console: ${local.url}/, status page: ${local.url}/status.html, health: ${local.url}/health)`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    await local.close();
    log('stopped cleanly');
    // A reply still waiting on a slow channel after the queue's grace is on disk for the next
    // start; its open request must not keep the process alive.
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
