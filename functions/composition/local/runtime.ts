/** The routes of the HTTP API, locally. Each maps to the same handler factory as in Lambda. */
import { join, resolve } from 'node:path';
import type { HttpHandler } from '../../adapters/local/http-adapter.js';
import { LocalUploads } from '../../adapters/local/uploads.js';
import { FileQueueStore } from '../../adapters/queue/file-queue-store.js';
import type { LocalQueueOptions } from '../../adapters/queue/local-queue.js';
import { systemClock } from '../../shared/clock.js';
import { createHasher } from '../../shared/hash.js';
import { createLogger } from '../../shared/logger.js';
import { createConsoleUseCases } from '../console.js';
import { createDocuments, documentBlobs } from '../documents.js';
import { createHealthHandler } from '../lambda/health.js';
import { createChannelSenders, createWebSender } from '../senders.js';
import { createWebChat, type WebChat } from '../web-chat.js';
import { createLocalPipeline, type LocalPipeline } from '../worker-runtime.js';
import { startLocalZalo } from '../zalo.js';
import { createLocalConsole, type LocalConsole } from './console-api.js';
import type { LocalData } from './stack.js';
import { startLocalTelegram } from './telegram-polling.js';

export interface LocalRuntime {
  readonly routes: Readonly<Record<string, HttpHandler>>;
  /** Webhooks → local FIFO queue (DATA_DIR/queue) → worker; channels add their route and sender to it. */
  readonly pipeline: LocalPipeline;
  /** The console API: every `/api/*` request (local sign-in, the same routes as in AWS). */
  readonly api: HttpHandler;
  /** The console's "Thử hỏi" panel: the same pipeline, channel `web`. */
  readonly webChat: WebChat;
  /** `POST /api/uploads/<token>`: the local stand-in for the bucket's presigned POST. */
  readonly uploads: LocalUploads;
  /** Ingests running after an upload (tests and shutdown wait for them). */
  readonly ingesting: () => Promise<void>;
  close(): Promise<void>;
}

/** Retry budget and pace of the local queue, for the fault benchmark's baseline; default the shared schedule. */
export type LocalQueueTuning = Pick<LocalQueueOptions, 'maxReceiveCount' | 'backoffMs' | 'shutdownGraceMs'>;

/** Where the server will listen: the console's sign-in is for loopback unless allowed. */
export interface LocalListen {
  readonly host: string;
  readonly port: number;
}

export async function buildLocalRuntime(
  data: LocalData,
  tuning: LocalQueueTuning = {},
  print: (line: string) => void = (line) => console.log(`[local] ${line}`),
  listen: LocalListen = { host: '127.0.0.1', port: data.config.port },
): Promise<LocalRuntime> {
  const routes: Record<string, HttpHandler> = {
    'GET /health': createHealthHandler(data.config),
  };
  const { config, clients } = data;
  const context = {
    config,
    clients,
    clock: systemClock,
    hash: createHasher(config.hashKey),
    logger: createLogger({ level: config.logLevel, base: { fn: 'local' } }),
  };
  // On disk unless the database itself is in memory (tests) or LOCAL_QUEUE=memory.
  const onDisk = !data.inMemory && config.queue.local.storage === 'disk';
  const store = onDisk
    ? new FileQueueStore({ dataDir: resolve(config.dataDir), logger: context.logger })
    : undefined;
  const pipeline = await createLocalPipeline(context, await createChannelSenders(config, undefined), {
    queue: { ...tuning, timeScale: config.queue.local.timeScale, ...(store ? { store } : {}) },
  });
  print(
    onDisk
      ? `queue: ${join(resolve(config.dataDir), 'queue')} (kept across restarts; dead letters: npm run dlq -- list)`
      : 'queue: in memory (messages not yet answered are lost when the process stops)',
  );
  pipeline.registerSender(createWebSender(config, context));
  const telegram = startLocalTelegram(config, pipeline, print);
  Object.assign(routes, telegram.routes);
  // Zalo: POST /zalo/webhook and its sender, only when ZALO_APP_ID and its secrets are set.
  Object.assign(routes, (await startLocalZalo(context, pipeline)).routes);
  // An upload is ingested in-process, by the same code as the S3 event runs in AWS.
  const blobs = documentBlobs(config);
  const running = new Set<Promise<unknown>>();
  const uploads = new LocalUploads(blobs, context.clock, (key) => {
    const ingest = library.ingestObject(key).catch((error: unknown) => {
      context.logger.error('documents.ingest_failed', { error: (error as Error).name });
    });
    running.add(ingest);
    void ingest.finally(() => running.delete(ingest));
  });
  const library = createDocuments(context, uploads, blobs);
  let consoleApi: LocalConsole;
  try {
    consoleApi = await createLocalConsole({
      config,
      clients,
      clock: context.clock,
      logger: context.logger,
      hash: context.hash,
      host: listen.host,
      port: listen.port,
      useCases: await createConsoleUseCases(context, pipeline.ingress, { documents: library }),
    });
  } catch (error) {
    // E.g. sign-in refused on a non-loopback address: stop what was started, then say why.
    await telegram.close();
    await pipeline.close();
    throw error;
  }
  if (consoleApi.firstAdmin) {
    print(
      `console: first sign-in as ${consoleApi.firstAdmin.email} with the one-time password ` +
        `${consoleApi.firstAdmin.password} (shown once; you will be asked to change it)`,
    );
  }
  return {
    routes,
    pipeline,
    api: consoleApi.handler,
    webChat: createWebChat(context, pipeline.ingress),
    uploads,
    ingesting: async () => {
      await Promise.all([...running]);
    },
    close: async () => {
      await Promise.all([...running]);
      await telegram.close();
      await pipeline.close();
    },
  };
}
