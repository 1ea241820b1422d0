/**
 * Zalo end to end on loopback: signed webhook call → verify → dedupe (DynamoDB) → the
 * shared in-process FIFO queue → the shared worker (session, core, conversation log) →
 * ZaloSender → a fake Zalo OA API that checks the access_token header. Real dynalite for
 * every table; the calculators and card lookup registered in the composition root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { DynamoSessionStore } from '../../../functions/adapters/dynamodb/session-store.js';
import { DynamoZaloFollowerStore } from '../../../functions/adapters/zalo/lifecycle.js';
import type { ZaloMetricName } from '../../../functions/adapters/zalo/metrics.js';
import {
  createZaloWebhook,
  ZALO_DEDUPE_TTL_SECONDS,
  type ZaloWebhookHandler,
} from '../../../functions/adapters/zalo/webhook.js';
import { importDemoCards } from '../../../functions/app/cards-import.js';
import { createLocalPipeline, type LocalPipeline } from '../../../functions/composition/worker-runtime.js';
import { createZaloChannel, type ZaloChannel } from '../../../functions/composition/zalo.js';
import { unsupportedMediaReply } from '../../../functions/core/dialogue/replies.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { FakeZalo } from '../../support/fake-zalo.js';

const AS_OF = '2026-11-23';
let dynamo: TestDynamo;
let fake: FakeZalo;
let pipeline: LocalPipeline;
let zalo: ZaloChannel;
let webhook: ZaloWebhookHandler;
let metrics: ZaloMetricName[];
let serial = 0;
const clock = { now: () => new Date() };
const hash = createHasher('zalo-test-hash-key');

beforeAll(async () => {
  dynamo = await startTestDynamo();
  await importDemoCards({
    store: new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards),
    clock,
    today: AS_OF,
  });
});
// The real assistant builds its knowledge index under DATA_DIR: keep it out of the repository.
const dataDir = mkdtempSync(join(tmpdir(), 'zalo-pipeline-'));
afterAll(async () => {
  await dynamo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = await FakeZalo.start();
  // Each test starts a new token chain on a new fake server.
  for (const pk of ['ZALO#TOKEN', 'ZALO#TOKEN#LEASE']) {
    await dynamo.clients.doc.send(new DeleteCommand({ TableName: dynamo.tables.state, Key: { pk } }));
  }
  metrics = [];
  const config = loadConfig({
    RUNTIME: 'local',
    AS_OF_DATE: AS_OF,
    DATA_DIR: dataDir,
    ...dynamo.env,
  });
  const context = { config, clients: dynamo.clients, clock, hash, logger: silentLogger };
  pipeline = await createLocalPipeline(context, {}, { queue: { backoffMs: () => 20 } });
  zalo = createZaloChannel({
    settings: {
      appId: fake.appId,
      oaSecretKey: fake.oaSecretKey,
      appSecret: fake.appSecret,
      seed: { accessToken: 'access-0', refreshToken: 'refresh-0' },
      apiBase: fake.url,
      oauthBase: fake.url,
    },
    clients: dynamo.clients,
    stateTable: dynamo.tables.state,
    clock,
    logger: silentLogger,
    metrics: (name) => metrics.push(name),
  });
  pipeline.registerSender(zalo.sender);
  webhook = createZaloWebhook({
    ...pipeline.ingress,
    dedupe: new DynamoDedupeStore(dynamo.clients.doc, dynamo.tables.state, clock, {
      ttlSeconds: ZALO_DEDUPE_TTL_SECONDS,
    }),
    appId: fake.appId,
    oaSecretKey: fake.oaSecretKey,
    metrics: (name) => metrics.push(name),
  });
});

afterEach(async () => {
  await pipeline.close();
  await fake.close();
});

/** A fresh user per test, so sessions and dedupe keys never leak between tests. */
function newUser(): string {
  serial += 1;
  return `73004427648763${String(100000 + serial)}`;
}
function newMsgId(): string {
  serial += 1;
  return `f3af2263f0673c3f${serial.toString(16).padStart(4, '0')}`;
}

function apiEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /zalo/webhook',
    rawPath: '/zalo/webhook',
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/zalo/webhook' } },
  } as unknown as APIGatewayProxyEventV2;
}

async function post(
  event: Record<string, unknown>,
  tamper?: (signed: ReturnType<FakeZalo['signedWebhook']>) => void,
) {
  const signed = fake.signedWebhook(event);
  tamper?.(signed);
  const result = await webhook(apiEvent(signed.body, signed.headers));
  await pipeline.queue.idle();
  return result;
}

async function say(userId: string, text: string) {
  const result = await post(fake.textEvent(userId, text, newMsgId(), Date.now()));
  expect(result.statusCode).toBe(200);
  return fake.sent.filter((message) => message.userId === userId).at(-1)?.text ?? '';
}

describe('Zalo webhook → pipeline → OA API', () => {
  it('answers a signed user_send_text with exactly one message/cs call to the sender', async () => {
    const user = newUser();
    const result = await post(
      fake.textEvent(user, 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu', newMsgId(), Date.now()),
    );
    expect(result.statusCode).toBe(200);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.userId).toBe(user);
    expect(fake.sent[0]?.accessToken).toBe('access-0');
    expect(fake.sent[0]?.text).toContain('374.000');
    // The answer asks for feedback with hidden buttons carrying the logged turn's id.
    const payloads = fake.sent[0]?.buttons.map((button) => String(button.payload)) ?? [];
    expect(payloads.some((payload) => payload.startsWith('fb:up:'))).toBe(true);
  });

  it('answers the same event delivered twice only once', async () => {
    const event = fake.textEvent(
      newUser(),
      'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu',
      newMsgId(),
      Date.now(),
    );
    expect((await post(event)).statusCode).toBe(200);
    expect((await post(event)).statusCode).toBe(200);
    expect(fake.sent).toHaveLength(1);
  });

  it('rejects a bad or missing signature with 401 and enqueues nothing', async () => {
    const event = fake.textEvent(newUser(), 'xin chào', newMsgId(), Date.now());
    const bad = await post(event, (signed) => {
      signed.headers['x-zevent-signature'] = `mac=${'0'.repeat(64)}`;
    });
    const missing = await post(event, (signed) => {
      delete signed.headers['x-zevent-signature'];
    });
    const tampered = await post(event, (signed) => {
      signed.body = signed.body.replace('xin chào', 'xin chao');
    });
    expect([bad.statusCode, missing.statusCode, tampered.statusCode]).toEqual([401, 401, 401]);
    expect(fake.csCalls).toHaveLength(0);
    expect(metrics.filter((name) => name === 'WebhookRejected')).toHaveLength(3);
    // Not even the dedupe key was written: the genuine delivery still goes through.
    expect((await post(event)).statusCode).toBe(200);
    expect(fake.sent).toHaveLength(1);
  });

  it('answers malformed and oversized bodies with 400 and 413', async () => {
    const malformed = await webhook(apiEvent('{"event_name":', { 'x-zevent-signature': 'mac=00' }));
    const noTimestamp = await webhook(apiEvent('{"event_name":"user_send_text"}', {}));
    const huge = await webhook(apiEvent(`{"t":"${'x'.repeat(70_000)}"}`, {}));
    expect([malformed.statusCode, noTimestamp.statusCode, huge.statusCode]).toEqual([400, 400, 413]);
    const probe = await webhook(apiEvent('{}', {}));
    expect(probe.statusCode).toBe(200);
    await pipeline.queue.idle();
    expect(fake.csCalls).toHaveLength(0);
  });

  it('refreshes an access token that expired mid-conversation, then sends the reply once', async () => {
    const user = newUser();
    await say(user, 'xin chào');
    fake.expireAccessTokens();
    const answer = await say(user, 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu');
    expect(answer).toContain('374.000');
    expect(fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
    expect(fake.csCalls.map((call) => call.error)).toEqual([0, -216, 0]);
    expect(fake.sent.at(-1)?.accessToken).toBe('access-1');
  });

  it('splits a long answer under 2,000 characters per message', async () => {
    // The help text is short; a long question echo is not something the core does, so send a
    // long reply straight through the registered sender, as the worker does.
    const text = Array.from(
      { length: 70 },
      (_, i) => `Ý thứ ${i + 1} của câu trả lời về BHXH tự nguyện.`,
    ).join(' ');
    const outcome = await zalo.sender.send({
      chatId: newUser(),
      reply: { text, intent: 't', path: 'faq', citations: [] },
      turnId: 'T-long',
    });
    expect(outcome).toEqual({ status: 'sent', parts: 2 });
    expect(fake.sent.every((message) => [...message.text].length <= 2000)).toBe(true);
    expect(fake.sent.map((message) => message.text).join(' ')).toBe(text);
  });

  it('welcomes a new follower with what the bot can do', async () => {
    const user = newUser();
    await post(fake.followEvent(user, Date.now()));
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.userId).toBe(user);
    expect(fake.sent[0]?.text).toContain('Xin chào');
    expect(fake.sent[0]?.buttons.map((button) => button.payload)).toContain('topic:calc');
  });

  it('asks politely for text when the citizen sends an image or a sticker', async () => {
    const user = newUser();
    for (const name of ['user_send_image', 'user_send_sticker']) {
      await post({
        app_id: fake.appId,
        event_name: name,
        timestamp: String(Date.now()),
        sender: { id: user },
        message: {
          msg_id: newMsgId(),
          attachments: [{ type: 'image', payload: { url: 'https://example.invalid/a.jpg' } }],
        },
      });
    }
    expect(fake.sent.map((message) => message.text)).toEqual([
      unsupportedMediaReply().text,
      unsupportedMediaReply().text,
    ]);
  });

  it('ignores receipts and unknown events, answering 200', async () => {
    const user = newUser();
    const seen = await post({
      event_name: 'user_seen_message',
      timestamp: String(Date.now()),
      sender: { id: 'oa' },
      recipient: { id: user },
      message: { msg_ids: ['x'] },
    });
    const unknown = await post({
      event_name: 'user_reacted_message',
      timestamp: String(Date.now()),
      sender: { id: user },
    });
    expect([seen.statusCode, unknown.statusCode]).toEqual([200, 200]);
    expect(fake.csCalls).toHaveLength(0);
  });

  it('records feedback from the 👍 button without answering again', async () => {
    const user = newUser();
    await say(user, 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu');
    const up = fake.sent[0]?.buttons.find((button) => String(button.payload).startsWith('fb:up:'));
    expect(up).toBeDefined();
    await post(fake.textEvent(user, String(up?.payload), newMsgId(), Date.now()));
    expect(fake.sent).toHaveLength(1);
    const turns = await dynamo.clients.doc.send(
      new QueryCommand({
        TableName: dynamo.tables.conversations,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CHAT#${hash(user)}` },
      }),
    );
    expect(turns.Items?.map((item) => item.feedback)).toContain('up');
  });

  it('treats a topic button tap like the typed question', async () => {
    const user = newUser();
    await post(fake.followEvent(user, Date.now()));
    const calc = fake.sent[0]?.buttons.find((button) => button.payload === 'topic:calc');
    expect(calc?.type).toBe('oa.query.hide');
    // The tap arrives as a user_send_text whose text is the payload.
    await post(fake.textEvent(user, String(calc?.payload), newMsgId(), Date.now()));
    expect(fake.sent).toHaveLength(2);
    expect(fake.sent[1]?.text).toMatch(/thu nhập/i);
    const answer = await say(user, '2 triệu');
    expect(answer).toContain('374.000 đồng');
  });

  it('marks a closed interaction window as undeliverable instead of retrying forever', async () => {
    const user = newUser();
    fake.refusedUsers.set(user, -230);
    await say(user, 'xin chào');
    expect(fake.csCalls).toEqual([{ userId: user, error: -230 }]);
    expect(metrics).toContain('Undeliverable');
    expect(pipeline.queue.deadLetters).toHaveLength(0);
  });
});

describe('follower lifecycle over the pipeline', () => {
  const followers = () => new DynamoZaloFollowerStore(dynamo.clients.doc, dynamo.tables.state);
  const turnsOf = async (user: string) =>
    (
      await dynamo.clients.doc.send(
        new QueryCommand({
          TableName: dynamo.tables.conversations,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CHAT#${hash(user)}` },
        }),
      )
    ).Items ?? [];

  it('marks an unfollow in the state table and sends nothing', async () => {
    const user = newUser();
    const result = await post({
      event_name: 'unfollow',
      timestamp: String(Date.now()),
      follower: { id: user },
    });
    expect(result.statusCode).toBe(200);
    expect(fake.csCalls).toHaveLength(0);
    expect((await followers().get(hash(user)))?.status).toBe('unfollowed');
  });

  it('deletes the sessions and conversation turns of a user who withdraws', async () => {
    const user = newUser();
    const other = newUser();
    await post({ event_name: 'follow', timestamp: String(Date.now()), follower: { id: user } });
    await say(user, 'kiểm tra thẻ bhyt'); // leaves a pending slot in the session
    await say(other, 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu');
    expect(await turnsOf(user)).toHaveLength(2);
    const sessions = new DynamoSessionStore(dynamo.clients.doc, dynamo.tables.state, clock);
    expect(await sessions.get(`zalo:${hash(user)}`)).toBeDefined();

    const withdraw = {
      app_id: fake.appId,
      oa_id: 'oa',
      user_id_by_app: 'a1',
      user_id: user,
      event_name: 'user_withdraw',
    };
    expect((await post({ ...withdraw, timestamp: String(Date.now()) })).statusCode).toBe(200);
    expect(await turnsOf(user)).toHaveLength(0);
    expect(await sessions.get(`zalo:${hash(user)}`)).toBeUndefined();
    expect(await followers().get(hash(user))).toBeUndefined();
    // Nobody else's data is touched.
    expect(await turnsOf(other)).toHaveLength(1);
  });
});

describe('skills over Zalo, as over Telegram', () => {
  it('computes the voluntary contribution', async () => {
    const answer = await say(newUser(), 'thu nhap 2 trieu dong bhxh tu nguyen bao nhieu');
    expect(answer).toContain('374.000 đồng');
  });

  it('looks up a demo card in two steps', async () => {
    const user = newUser();
    await say(user, 'kiểm tra thẻ bhyt');
    await say(user, '9900000001');
    const answer = await say(user, '12/03/1985');
    expect(answer).toContain('***********0001');
    expect(answer).not.toContain('9900000001');
  });
});
