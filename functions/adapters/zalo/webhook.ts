/**
 * POST /zalo/webhook: verify, dedupe, enqueue — nothing slow, because Zalo wants a 200
 * within about 2 s and disables webhooks that keep failing (channels.md B4).
 *
 * Status codes: 405 not POST · 413 too large · 400 not JSON / no, impossible or future
 * timestamp / not an event ·
 * 401 bad or missing signature · 200 accepted, duplicate, ignored or stale · 503 could not
 * enqueue (Zalo redelivers).
 *
 * Order matters: the signature covers the raw body and the body's own `timestamp`, so the
 * JSON is read only to find that timestamp; nothing in it is trusted or acted on before
 * the signature matches. Verification uses the body string exactly as received.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { acceptInbound, type IngressDeps } from '../../app/pipeline-ingress.js';
import { errorFields } from '../../shared/logger.js';
import { header, json } from '../http/responses.js';
import { classifyZaloEvent, isChannelTime, zaloEventSchema } from './events.js';
import { parseJsonKeepingLongIntegers } from './json.js';
import type { MetricSink } from './metrics.js';
import { verifyZaloSignature, ZALO_SIGNATURE_HEADER } from './signature.js';

/** Zalo events are small (text ≤ 2,000 characters plus ids and attachment URLs). */
export const ZALO_MAX_BODY_BYTES = 64 * 1024;
/**
 * Signed events older than this are acknowledged and dropped: a replay after the dedupe
 * key expired (8 days) must not be answered again. Zalo's own retries stop within hours.
 */
export const ZALO_MAX_EVENT_AGE_MS = 7 * 24 * 3600_000;
/**
 * How far ahead of our clock a signed timestamp may be. Generous, because refusing Zalo's
 * deliveries over a clock error would get the webhook disabled; bounded, because an event
 * dated far ahead would pass the freshness check for ever. Skew + ZALO_MAX_EVENT_AGE_MS stays
 * within the dedupe keys' life (ZALO_DEDUPE_TTL_SECONDS), so a replay is always caught by one.
 */
export const ZALO_MAX_CLOCK_SKEW_MS = 24 * 3600_000;
/** Dedupe keys outlive the freshness window. */
export const ZALO_DEDUPE_TTL_SECONDS = 8 * 24 * 3600;

/** Dedupe (give the store ZALO_DEDUPE_TTL_SECONDS) and queue come from the shared pipeline. */
export interface ZaloWebhookDeps extends IngressDeps {
  readonly appId: string;
  /** The OA Secret Key of the app's Webhook page (not the App Secret). */
  readonly oaSecretKey: string;
  readonly metrics?: MetricSink;
}

export type ZaloWebhookHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function createZaloWebhook(deps: ZaloWebhookDeps): ZaloWebhookHandler {
  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'POST';
    if (method !== 'POST') return respond(405, 'method not allowed');
    const rawBody = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    if (Buffer.byteLength(rawBody, 'utf8') > ZALO_MAX_BODY_BYTES) return respond(413, 'payload too large');
    // Zalo probes a new webhook URL with an unsigned `{}` ([U]): say yes and do nothing.
    if (rawBody.trim() === '{}') return respond(200, 'ok');

    let parsed: unknown;
    try {
      parsed = parseJsonKeepingLongIntegers(rawBody);
    } catch {
      return respond(400, 'malformed body');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return respond(400, 'malformed body');
    const bodyTimestamp = (parsed as Record<string, unknown>).timestamp;
    const timestamp =
      typeof bodyTimestamp === 'string' || typeof bodyTimestamp === 'number'
        ? String(bodyTimestamp)
        : header(event, 'x-zevent-timestamp');
    if (!timestamp) return respond(400, 'missing timestamp');

    const signed = verifyZaloSignature(header(event, ZALO_SIGNATURE_HEADER), {
      appId: deps.appId,
      rawBody,
      timestamp,
      oaSecretKey: deps.oaSecretKey,
    });
    if (!signed) {
      deps.metrics?.('WebhookRejected');
      deps.logger.warn('zalo.webhook_rejected', { reason: 'signature' });
      return respond(401, 'invalid signature');
    }

    const zaloEvent = zaloEventSchema.safeParse(parsed);
    if (!zaloEvent.success) return respond(400, 'malformed event');
    const eventName = zaloEvent.data.event_name;
    const now = deps.clock.now();
    const sentAtMs = Number(timestamp);
    // Signed but impossible (1e20, "abc"): malformed, not a server error.
    if (!isChannelTime(sentAtMs)) return respond(400, 'malformed timestamp');
    // From the future: without this a replay of it would pass the freshness check for ever.
    if (sentAtMs - now.getTime() > ZALO_MAX_CLOCK_SKEW_MS) {
      deps.logger.warn('zalo.webhook_future', { eventName });
      return respond(400, 'timestamp in the future');
    }
    if (now.getTime() - sentAtMs > ZALO_MAX_EVENT_AGE_MS) {
      deps.logger.warn('zalo.webhook_stale', { eventName });
      return respond(200, 'stale');
    }

    const decision = classifyZaloEvent(zaloEvent.data, deps.hash, now);
    if (decision.action === 'ignore') {
      // By name only: unknown events may carry personal data we have no use for.
      deps.logger.info('zalo.event_ignored', { eventName, reason: decision.reason });
      return respond(200, 'ignored');
    }
    try {
      const outcome = await acceptInbound(decision.message, deps);
      if (outcome === 'retry-later') return respond(503, 'try again');
      return respond(200, outcome);
    } catch (error) {
      // The dedupe store itself failed: nothing was enqueued; Zalo redelivers on a 5xx.
      deps.logger.error('zalo.webhook_failed', errorFields(error));
      return respond(503, 'try again');
    }
  };
}

function respond(statusCode: number, status: string): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { status });
}
