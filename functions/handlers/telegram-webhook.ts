/**
 * POST /telegram/webhook (Lambda). Thin: secrets are read from Secrets Manager once per
 * container; the logic is in functions/adapters/telegram/webhook.ts and
 * functions/app/pipeline-ingress.ts.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SqsMessageQueue } from '../adapters/queue/sqs-queue.js';
import { resolveSecret } from '../adapters/secrets.js';
import { createTelegramWebhookHandler, type TelegramWebhookHandler } from '../adapters/telegram/webhook.js';
import { createIngressDeps, openLambdaPipeline } from '../app/pipeline-lambda.js';

async function build(): Promise<TelegramWebhookHandler> {
  const { context, secrets } = await openLambdaPipeline('telegram-webhook', { tables: ['state'] });
  const { config } = context;
  const secret = await resolveSecret(
    secrets,
    config.telegram.webhookSecret,
    config.telegram.webhookSecretSecretArn,
  );
  if (!secret) throw new Error('TELEGRAM_WEBHOOK_SECRET_SECRET_ARN is not configured');
  if (!config.queue.url) throw new Error('QUEUE_URL is not configured');
  const queue = new SqsMessageQueue(new SQSClient({ region: config.region }), config.queue.url);
  return createTelegramWebhookHandler({ ...createIngressDeps(context, queue), secret });
}

let cached: Promise<TelegramWebhookHandler> | undefined;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  cached ??= build();
  let webhook: TelegramWebhookHandler;
  try {
    webhook = await cached;
  } catch (error) {
    cached = undefined; // Try again on the next request (e.g. Secrets Manager was briefly unavailable).
    console.error(
      JSON.stringify({ level: 'error', event: 'telegram.webhook.init_failed', error: String(error) }),
    );
    return { statusCode: 503, body: '{"error":"unavailable"}' };
  }
  return webhook(event);
}
