import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryDedupeStore } from '../../../../functions/adapters/memory/pipeline-stores.js';
import {
  createZaloWebhook,
  ZALO_DEDUPE_TTL_SECONDS,
  ZALO_MAX_CLOCK_SKEW_MS,
  ZALO_MAX_EVENT_AGE_MS,
} from '../../../../functions/adapters/zalo/webhook.js';
import type { EnqueueRequest, MessageQueue } from '../../../../functions/app/ports.js';
import { createHasher } from '../../../../functions/shared/hash.js';
import { silentLogger } from '../../../../functions/shared/logger.js';

const appId = '4300000000000000001';
const oaSecretKey = 'oa-secret';
const now = new Date('2026-11-23T00:00:00Z');

class ArrayQueue implements MessageQueue {
  readonly items: EnqueueRequest[] = [];
  failing = false;
  async enqueue(request: EnqueueRequest): Promise<void> {
    if (this.failing) throw new Error('queue down');
    this.items.push(request);
  }
}

function setup() {
  const queue = new ArrayQueue();
  const webhook = createZaloWebhook({
    appId,
    oaSecretKey,
    dedupe: new MemoryDedupeStore(),
    queue,
    clock: { now: () => now },
    hash: createHasher('k'),
    logger: silentLogger,
  });
  return { queue, webhook };
}

function mac(body: string, timestamp: string): string {
  return createHash('sha256').update(`${appId}${body}${timestamp}${oaSecretKey}`).digest('hex');
}

function request(body: string, headers: Record<string, string>, extra: Partial<APIGatewayProxyEventV2> = {}) {
  return {
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' } },
    ...extra,
  } as unknown as APIGatewayProxyEventV2;
}

const textBody = (timestamp: string, msgId = 'm1') =>
  JSON.stringify({
    app_id: appId,
    event_name: 'user_send_text',
    timestamp,
    sender: { id: '7300442764876318465' },
    recipient: { id: 'oa' },
    message: { msg_id: msgId, text: 'xin chào' },
  });

describe('Zalo webhook', () => {
  const ts = String(now.getTime() - 1000);

  it('enqueues a signed text once, grouped by the hashed chat', async () => {
    const { queue, webhook } = setup();
    const body = textBody(ts);
    const headers = { 'X-ZEvent-Signature': `mac=${mac(body, ts)}` }; // any header case
    expect((await webhook(request(body, headers))).statusCode).toBe(200);
    expect((await webhook(request(body, headers))).statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]?.item.message).toMatchObject({ channel: 'zalo', kind: 'text', messageId: 'm1' });
    expect(queue.items[0]?.groupId).not.toContain('7300442764876318465');
  });

  it('verifies a base64-encoded body on its decoded bytes', async () => {
    const { queue, webhook } = setup();
    const body = textBody(ts);
    const encoded = Buffer.from(body, 'utf8').toString('base64');
    const result = await webhook(
      request(encoded, { 'x-zevent-signature': mac(body, ts) }, { isBase64Encoded: true }),
    );
    expect(result.statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
  });

  it('uses the X-ZEvent-Timestamp header only when the body has no timestamp', async () => {
    const { queue, webhook } = setup();
    const body = JSON.stringify({ event_name: 'follow', follower: { id: 'u1' } });
    const result = await webhook(
      request(body, { 'x-zevent-signature': `mac=${mac(body, ts)}`, 'x-zevent-timestamp': ts }),
    );
    expect(result.statusCode).toBe(200);
    expect(queue.items[0]?.item.message.kind).toBe('follow');
  });

  it('acknowledges but drops signed events older than the freshness window', async () => {
    const { queue, webhook } = setup();
    const old = String(now.getTime() - 8 * 24 * 3600_000);
    const body = textBody(old);
    const result = await webhook(request(body, { 'x-zevent-signature': `mac=${mac(body, old)}` }));
    expect(result.statusCode).toBe(200);
    expect(queue.items).toHaveLength(0);
  });

  it('accepts a clock ahead by hours, refuses a timestamp days ahead, and never lets one outlive its dedupe key', async () => {
    const { queue, webhook } = setup();
    const call = (at: number) => {
      const timestamp = String(at);
      const body = textBody(timestamp);
      return webhook(request(body, { 'x-zevent-signature': `mac=${mac(body, timestamp)}` }));
    };
    expect((await call(now.getTime() + 3 * 3600_000)).statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
    expect((await call(now.getTime() + 2 * 24 * 3600_000)).statusCode).toBe(400);
    expect(queue.items).toHaveLength(1);
    expect(ZALO_MAX_CLOCK_SKEW_MS + ZALO_MAX_EVENT_AGE_MS).toBeLessThanOrEqual(
      ZALO_DEDUPE_TTL_SECONDS * 1000,
    );
  });

  it('answers 405, 400, 401 and 503 where they belong, enqueuing nothing', async () => {
    const { queue, webhook } = setup();
    const body = textBody(ts);
    const signed = { 'x-zevent-signature': `mac=${mac(body, ts)}` };
    const get = await webhook(
      request(body, signed, { requestContext: { http: { method: 'GET' } } } as never),
    );
    const notAnEvent = JSON.stringify({ timestamp: ts, hello: 'world' });
    const unsignedShape = await webhook(request(notAnEvent, { 'x-zevent-signature': mac(notAnEvent, ts) }));
    const array = await webhook(request('[1,2]', signed));
    const forged = await webhook(request(body.replace('xin chào', 'chuyển tiền'), signed));
    expect([get.statusCode, unsignedShape.statusCode, array.statusCode, forged.statusCode]).toEqual([
      405, 400, 400, 401,
    ]);
    queue.failing = true;
    expect((await webhook(request(body, signed))).statusCode).toBe(503);
    queue.failing = false;
    // The failed attempt released its claim: Zalo's redelivery goes through.
    expect((await webhook(request(body, signed))).statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
  });
});
