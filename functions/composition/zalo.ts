/**
 * Wiring of the Zalo channel from Config, shared by the Lambda handlers (worker, token
 * refresh) and `npm start`. The channel is off — no route, no sender — unless the App ID,
 * the OA Secret Key and the App Secret are all configured (plain locally, secret ARNs in
 * AWS); `zaloSettings` (settings.ts, which the webhook Lambda imports alone) returns
 * undefined then.
 */

import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoDedupeStore } from '../adapters/dynamodb/dedupe-store.js';
import { DynamoZaloTokenStore } from '../adapters/dynamodb/zalo-token-store.js';
import { ZaloOaClient } from '../adapters/zalo/client.js';
import { emfMetricSink, type MetricSink } from '../adapters/zalo/metrics.js';
import { ZaloSender } from '../adapters/zalo/sender.js';
import { type ZaloSettings, zaloSettings } from '../adapters/zalo/settings.js';
import { ZaloTokenManager } from '../adapters/zalo/token-manager.js';
import {
  createZaloWebhook,
  ZALO_DEDUPE_TTL_SECONDS,
  type ZaloWebhookHandler,
} from '../adapters/zalo/webhook.js';
import type { Clock } from '../core/ports.js';
import type { Logger } from '../shared/logger.js';
import type { PipelineContext } from './context.js';
import type { LocalPipeline } from './worker-runtime.js';

export {
  type ZaloSettings,
  zaloConfigured,
  zaloSettings,
  zaloWebhookSettings,
} from '../adapters/zalo/settings.js';

export interface ZaloChannel {
  readonly client: ZaloOaClient;
  readonly tokens: ZaloTokenManager;
  readonly sender: ZaloSender;
  readonly metrics: MetricSink;
}

export function createZaloChannel(options: {
  readonly settings: ZaloSettings;
  readonly clients: DynamoClients;
  readonly stateTable: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: MetricSink;
}): ZaloChannel {
  const { settings } = options;
  const metrics = options.metrics ?? emfMetricSink();
  const client = new ZaloOaClient({
    apiBase: settings.apiBase,
    oauthBase: settings.oauthBase,
    appId: settings.appId,
    appSecret: settings.appSecret,
  });
  const tokens = new ZaloTokenManager({
    store: new DynamoZaloTokenStore(options.clients.doc, options.stateTable),
    oauth: client,
    clock: options.clock,
    seed: settings.seed,
    metrics,
    logger: options.logger,
  });
  const sender = new ZaloSender({ client, tokens, metrics, logger: options.logger });
  return { client, tokens, sender, metrics };
}

/**
 * The Zalo channel of `npm start`: registers the sender with the local pipeline and returns
 * the webhook route — or nothing when the channel is not configured (the route then 404s
 * like any unknown path).
 */
export async function startLocalZalo(
  context: PipelineContext,
  pipeline: Pick<LocalPipeline, 'ingress' | 'registerSender'>,
): Promise<{ readonly routes: Readonly<Record<string, ZaloWebhookHandler>> }> {
  const settings = await zaloSettings(context.config);
  if (!settings) return { routes: {} };
  const channel = createZaloChannel({ settings, stateTable: context.config.tables.state, ...context });
  pipeline.registerSender(channel.sender);
  const webhook = createZaloWebhook({
    ...pipeline.ingress,
    dedupe: new DynamoDedupeStore(context.clients.doc, context.config.tables.state, context.clock, {
      ttlSeconds: ZALO_DEDUPE_TTL_SECONDS,
    }),
    appId: settings.appId,
    oaSecretKey: settings.oaSecretKey,
    metrics: channel.metrics,
  });
  return { routes: { 'POST /zalo/webhook': webhook } };
}
