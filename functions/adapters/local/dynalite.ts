/**
 * The embedded DynamoDB-compatible server (dynalite) used by `npm start`, the CLIs and
 * the integration tests. With a path it persists to disk (LevelDB); without, in memory.
 */

import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface EmbeddedDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // dynalite keeps LevelDB open; closing the server is enough for it to release the lock.
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
