/**
 * POST /telegram/webhook (Lambda). Thin: secrets are read from Secrets Manager once per
 * container; the logic is in functions/adapters/telegram/webhook.ts and
 * functions/app/pipeline-ingress.ts.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsMessageQueue } from '../../adapters/queue/sqs-queue.js';
import { resolveSecret } from '../../adapters/secrets.js';
import {
  createTelegramWebhookHandler,
  type TelegramWebhookHandler,
} from '../../adapters/telegram/webhook.js';
import { ConfigError } from '../../shared/config.js';
import { createIngressDeps, openLambdaPipeline } from '../context.js';
import { httpEntry } from './init.js';

async function build(): Promise<TelegramWebhookHandler> {
  const { context, secrets } = await openLambdaPipeline('telegram-webhook', { tables: ['state'] });
  const { config } = context;
  const secret = await resolveSecret(
    secrets,
    config.telegram.webhookSecret,
    config.telegram.webhookSecretSecretArn,
  );
  if (!secret) throw ConfigError.missing('TELEGRAM_WEBHOOK_SECRET_SECRET_ARN');
  if (!config.queue.url) throw ConfigError.missing('QUEUE_URL');
  const queue = new SqsMessageQueue(new SQSClient({ region: config.region }), config.queue.url);
  return createTelegramWebhookHandler({ ...createIngressDeps(context, queue), secret });
}

export const handler = httpEntry('telegram-webhook', build);
