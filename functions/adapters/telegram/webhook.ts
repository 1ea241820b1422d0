/**
 * POST /telegram/webhook. Order matters: the secret header is checked (in constant time)
 * before the body is even parsed, so a forged call costs nothing and changes nothing; then
 * size, JSON, shape; then dedupe + enqueue (functions/app/pipeline-ingress.ts) and 200.
 *
 * Status codes: 401 wrong/missing secret · 405 not POST · 413 too large · 400 not a
 * Telegram update · 200 accepted, duplicate or ignored (unsupported kinds, group chats) ·
 * 503 could not enqueue (Telegram redelivers).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { acceptInbound, type IngressDeps } from '../../app/pipeline-ingress.js';
import { errorFields } from '../../shared/logger.js';
import { header, json } from '../http/responses.js';
import { parseTelegramUpdate } from './update.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** A Telegram update is a few KB; 1 MiB leaves room for long texts and entities. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

export interface TelegramWebhookDeps extends IngressDeps {
  /** The secret_token given to setWebhook. */
  readonly secret: string;
  readonly maxBodyBytes?: number;
}

export type TelegramWebhookHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function createTelegramWebhookHandler(deps: TelegramWebhookDeps): TelegramWebhookHandler {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(deps.secret))
    throw new Error('Telegram webhook secret must be 1–256 characters of A-Z a-z 0-9 _ -');
  const expected = digest(deps.secret);
  const maxBytes = deps.maxBodyBytes ?? MAX_UPDATE_BYTES;

  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'POST';
    if (method !== 'POST') return json(405, { error: 'method not allowed' });
    if (!secretMatches(header(event, SECRET_HEADER), expected)) {
      deps.logger.warn('telegram.webhook.unauthorized');
      return json(401, { error: 'unauthorized' });
    }
    const body = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    if (bytes.length > maxBytes) return json(413, { error: 'payload too large' });
    let update: unknown;
    try {
      update = JSON.parse(bytes.toString('utf8'));
    } catch {
      return json(400, { error: 'malformed JSON' });
    }
    const parsed = parseTelegramUpdate(update, deps.clock.now());
    if (parsed.status === 'invalid') {
      deps.logger.warn('telegram.webhook.invalid', { reason: parsed.reason });
      return json(400, { error: parsed.reason });
    }
    if (parsed.status === 'ignored') {
      deps.logger.info('telegram.webhook.ignored', { reason: parsed.reason });
      return json(200, { ok: true });
    }
    try {
      const outcome = await acceptInbound(parsed.message, deps);
      return outcome === 'retry-later' ? json(503, { error: 'try again' }) : json(200, { ok: true });
    } catch (error) {
      // The dedupe store itself failed: nothing was enqueued; let Telegram redeliver.
      deps.logger.error('telegram.webhook.failed', errorFields(error));
      return json(503, { error: 'try again' });
    }
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compare digests, not strings: equal length always, so neither content nor length leaks. */
function secretMatches(given: string | undefined, expected: Buffer): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), expected);
}
