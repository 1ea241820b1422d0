/** The pipeline's DynamoDB stores against dynalite: dedupe claims, progress, conversation log. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoDedupeStore, dedupeKey } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { DynamoProgressStore } from '../../../functions/adapters/dynamodb/progress-store.js';
import type { TurnRecord } from '../../../functions/core/ports.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
let now = Date.parse('2026-11-23T00:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDedupeStore', () => {
  it('lets the first delivery through, then reports in-flight until confirmed, then duplicate', async () => {
    const store = new DynamoDedupeStore(dynamo.clients.doc, dynamo.tables.state, clock);
    expect(await store.claim('telegram', '1')).toBe('claimed');
    expect(await store.claim('telegram', '1')).toBe('in-flight');
    await store.confirm('telegram', '1');
    expect(await store.claim('telegram', '1')).toBe('duplicate');
    expect(await store.claim('zalo', '1')).toBe('claimed');
    const item = await dynamo.clients.doc.send(
      new GetCommand({ TableName: dynamo.tables.state, Key: { pk: dedupeKey('telegram', '1') } }),
    );
    expect(Number(item.Item?.expiresAt) - now / 1000).toBeGreaterThanOrEqual(48 * 3600);
  });

  it('takes over a stale pending claim, and a released one', async () => {
    const store = new DynamoDedupeStore(dynamo.clients.doc, dynamo.tables.state, clock, { staleMs: 30_000 });
    expect(await store.claim('telegram', '2')).toBe('claimed');
    now += 31_000;
    expect(await store.claim('telegram', '2')).toBe('claimed');
    await store.release('telegram', '2');
    expect(await store.claim('telegram', '2')).toBe('claimed');
  });

  it('treats an expired key (TTL not yet applied) as new', async () => {
    const store = new DynamoDedupeStore(dynamo.clients.doc, dynamo.tables.state, clock, { ttlSeconds: 60 });
    expect(await store.claim('telegram', '3')).toBe('claimed');
    await store.confirm('telegram', '3');
    now += 61_000;
    expect(await store.claim('telegram', '3')).toBe('claimed');
  });
});

describe('DynamoProgressStore', () => {
  it('round-trips a progress record with its reply', async () => {
    const store = new DynamoProgressStore(dynamo.clients.doc, dynamo.tables.state, clock);
    const progress = {
      channel: 'telegram' as const,
      messageId: '9',
      turnId: 'T9',
      reply: { text: 'Xin chào', intent: 'greeting', path: 'greeting' as const, citations: [] },
      partsSent: 1,
      sent: true,
      logged: false,
      acknowledged: false,
      done: false,
      attempts: 1,
    };
    await store.put(progress);
    expect(await store.get('telegram', '9')).toEqual(progress);
    expect(await store.get('telegram', '10')).toBeUndefined();
  });
});

describe('DynamoConversationLog', () => {
  const turn = (turnId: string, chatHash = 'c1'): TurnRecord => ({
    turnId,
    channel: 'telegram',
    chatHash,
    at: '2026-11-22T18:30:00.000Z', // 01:30 on the 23rd in Vietnam
    question: 'hỏi',
    answer: 'đáp',
    intent: 'faq.x',
    path: 'faq',
    citations: [],
    latencyMs: 12,
  });

  it('appends once, keys the day in Vietnam time, records feedback only on an existing turn, deletes a chat', async () => {
    const log = new DynamoConversationLog(dynamo.clients.doc, dynamo.tables.conversations, clock, 180);
    await log.append(turn('20261122T183000000Z-a'));
    await log.append({ ...turn('20261122T183000000Z-a'), answer: 'lần hai' });
    await log.append(turn('20261122T183100000Z-b'));
    await log.append(turn('20261122T183100000Z-c', 'c2'));
    expect(await log.recordFeedback('c1', '20261122T183000000Z-a', 'down')).toBe(true);
    expect(await log.recordFeedback('c2', '20261122T183000000Z-a', 'up')).toBe(false);
    expect(await log.recordFeedback('c1', 'missing', 'up')).toBe(false);
    const stored = await dynamo.clients.doc.send(
      new GetCommand({
        TableName: dynamo.tables.conversations,
        Key: { pk: 'CHAT#c1', sk: 'TURN#20261122T183000000Z-a' },
      }),
    );
    expect(stored.Item).toMatchObject({ day: '2026-11-23', answer: 'đáp', feedback: 'down' });
    expect(Number(stored.Item?.expiresAt)).toBe(Date.parse('2026-11-22T18:30:00.000Z') / 1000 + 180 * 86_400);
    expect(await log.deleteChat('c1')).toBe(2);
    expect(await log.deleteChat('c1')).toBe(0);
    expect(await log.deleteChat('c2')).toBe(1);
  });
});
