/** The routes of the HTTP API, locally. Each maps to the same handler factory as in Lambda. */
import { createLocalPipeline, type LocalPipeline } from '../app/pipeline-runtime.js';
import { createChannelSenders } from '../app/pipeline-senders.js';
import { createHealthHandler } from '../handlers/health.js';
import { createHasher } from '../shared/hash.js';
import { createLogger } from '../shared/logger.js';
import type { HttpHandler } from './http-adapter.js';
import type { LocalData } from './stack.js';
import { startLocalTelegram } from './telegram-polling.js';

export interface LocalRuntime {
  readonly routes: Readonly<Record<string, HttpHandler>>;
  /** Webhooks → in-process FIFO queue → worker; channels add their route and sender to it. */
  readonly pipeline: LocalPipeline;
  close(): Promise<void>;
}

export async function buildLocalRuntime(data: LocalData): Promise<LocalRuntime> {
  const routes: Record<string, HttpHandler> = {
    'GET /health': createHealthHandler(data.config),
  };
  const { config, clients } = data;
  const pipeline = await createLocalPipeline(
    {
      config,
      clients,
      clock: { now: () => new Date() },
      hash: createHasher(config.hashKey),
      logger: createLogger({ level: config.logLevel, base: { fn: 'local' } }),
    },
    await createChannelSenders(config, undefined),
  );
  const telegram = startLocalTelegram(config, pipeline, (line) => console.log(`[local] ${line}`));
  Object.assign(routes, telegram.routes);
  return {
    routes,
    pipeline,
    close: async () => {
      await telegram.close();
      await pipeline.close();
    },
  };
}
