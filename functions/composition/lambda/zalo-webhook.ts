/**
 * POST /zalo/webhook (Lambda). Thin: secrets are read from Secrets Manager once per
 * container; the logic is in functions/adapters/zalo/webhook.ts (verify, classify) and
 * functions/app/pipeline-ingress.ts (dedupe, enqueue). It reads only the OA Secret Key;
 * while that or ZALO_APP_ID is missing (or a placeholder) the channel is off: 404.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDedupeStore } from '../../adapters/dynamodb/dedupe-store.js';
import { SqsMessageQueue } from '../../adapters/queue/sqs-queue.js';
import { emfMetricSink } from '../../adapters/zalo/metrics.js';
import { zaloWebhookSettings } from '../../adapters/zalo/settings.js';
import {
  createZaloWebhook,
  ZALO_DEDUPE_TTL_SECONDS,
  type ZaloWebhookHandler,
} from '../../adapters/zalo/webhook.js';
import { ConfigError } from '../../shared/config.js';
import { createIngressDeps, openLambdaPipeline } from '../context.js';
import { httpEntry } from './init.js';

const channelOff: ZaloWebhookHandler = async () => ({ statusCode: 404, body: '{"error":"not found"}' });

async function build(): Promise<ZaloWebhookHandler> {
  const { context, secrets } = await openLambdaPipeline('zalo-webhook', { tables: ['state'] });
  const { config, clients, clock } = context;
  const settings = await zaloWebhookSettings(config, secrets);
  if (!settings) {
    context.logger.warn('zalo.channel_off');
    return channelOff;
  }
  if (!config.queue.url) throw ConfigError.missing('QUEUE_URL');
  const queue = new SqsMessageQueue(new SQSClient({ region: config.region }), config.queue.url);
  return createZaloWebhook({
    ...createIngressDeps(context, queue),
    // Zalo's retry schedule is unconfirmed and may span hours: keep keys past the freshness window.
    dedupe: new DynamoDedupeStore(clients.doc, config.tables.state, clock, {
      ttlSeconds: ZALO_DEDUPE_TTL_SECONDS,
    }),
    appId: settings.appId,
    oaSecretKey: settings.oaSecretKey,
    metrics: emfMetricSink(),
  });
}

export const handler = httpEntry('zalo-webhook', build);
