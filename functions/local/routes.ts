/** The routes of the HTTP API, locally. Each maps to the same handler factory as in Lambda. */
import { createHealthHandler } from '../handlers/health.js';
import type { HttpHandler } from './http-adapter.js';
import type { LocalData } from './stack.js';

export interface LocalRuntime {
  readonly routes: Readonly<Record<string, HttpHandler>>;
  close(): Promise<void>;
}

export async function buildLocalRuntime(data: LocalData): Promise<LocalRuntime> {
  const routes: Record<string, HttpHandler> = {
    'GET /health': createHealthHandler(data.config),
  };
  return { routes, close: async () => undefined };
}
