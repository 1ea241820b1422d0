/**
 * Each table written and read through the project's own repository code, against a real
 * DynamoDB-compatible server (dynalite) whose tables were created from the shared
 * definitions — the same path `npm start` takes.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../functions/adapters/dynamodb/card-store.js';
import { DynamoConversationLog } from '../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoFaqStore } from '../../functions/adapters/dynamodb/faq-store.js';
import { DynamoSessionStore } from '../../functions/adapters/dynamodb/session-store.js';
import type { Clock } from '../../functions/core/ports.js';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.js';

let dynamo: TestDynamo;
let now = new Date('2026-11-22T03:00:00Z');
const clock: Clock = { now: () => now };

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

describe('content table (FAQ store)', () => {
  it('saves a FAQ item, reads it back and keeps its history', async () => {
    const store = new DynamoFaqStore(dynamo.clients.doc, dynamo.tables.content, clock);
    const draft = {
      id: 'who-may-join',
      questions: ['Ai được tham gia BHXH tự nguyện?'],
      answer: 'Công dân Việt Nam từ đủ 15 tuổi, không thuộc diện bắt buộc.',
      tags: ['bhxh-tn'],
      citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 2' }],
      effectiveFrom: '2025-07-01',
      status: 'published' as const,
    };
    const first = await store.save(draft, 'staff-a', 0);
    expect(first.version).toBe(1);
    const second = await store.save({ ...draft, answer: `${draft.answer} (đã sửa)` }, 'staff-b', 1);
    expect(second.version).toBe(2);
    expect((await store.get('who-may-join'))?.answer).toContain('(đã sửa)');
    expect((await store.list()).map((item) => item.id)).toEqual(['who-may-join']);
    expect((await store.history('who-may-join')).map((item) => item.version)).toEqual([2, 1]);
  });
});

describe('cards table (card store)', () => {
  it('upserts cards and reads them by BHXH code', async () => {
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    const card = {
      bhxhCode: '9900000001',
      fullName: 'Nguyễn Văn Mẫu',
      dateOfBirth: '1985-03-12',
      cardNumber: 'GD4999900000001',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      benefitLevel: 4,
      facilityCode: '99001',
      facilityName: 'Trạm y tế mẫu',
      paidThrough: '2026-12',
      updatedAt: now.toISOString(),
    };
    await store.putMany([card]);
    expect(await store.get('9900000001')).toEqual(card);
    expect(await store.get('9900000002')).toBeUndefined();
  });
});

describe('conversations table (conversation log)', () => {
  it('appends a turn, records feedback on it, finds it by day, and deletes a chat', async () => {
    const log = new DynamoConversationLog(dynamo.clients.doc, dynamo.tables.conversations, clock, 30);
    const turn = {
      turnId: '20261122T030000Z-a1',
      channel: 'telegram' as const,
      chatHash: 'hash-of-chat',
      at: now.toISOString(),
      question: 'mức đóng bhxh tự nguyện',
      answer: 'Mức đóng là 22% thu nhập tự chọn.',
      intent: 'contribution',
      path: 'calculator',
      citations: [],
      latencyMs: 12,
    };
    await log.append(turn);
    expect(await log.recordFeedback('hash-of-chat', turn.turnId, 'up')).toBe(true);
    const byDay = await dynamo.clients.doc.send(
      new QueryCommand({
        TableName: dynamo.tables.conversations,
        IndexName: 'byDay',
        KeyConditionExpression: '#day = :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': '2026-11-22' },
      }),
    );
    expect(byDay.Items).toHaveLength(1);
    expect(byDay.Items?.[0]).toMatchObject({
      question: turn.question,
      feedback: 'up',
      intent: 'contribution',
    });
    expect(Number(byDay.Items?.[0]?.expiresAt)).toBe(Math.floor(now.getTime() / 1000) + 30 * 86_400);
    expect(await log.deleteChat('hash-of-chat')).toBe(1);
  });
});

describe('state table (session store)', () => {
  it('stores a session with a pending slot and forgets it once expired', async () => {
    const store = new DynamoSessionStore(dynamo.clients.doc, dynamo.tables.state, clock, 60);
    const session = {
      key: 'telegram:abc',
      updatedAt: now.toISOString(),
      pending: {
        skill: 'contribution',
        awaiting: 'income',
        slots: { group: 'near-poor' },
        askedAt: now.toISOString(),
      },
    };
    await store.put(session);
    expect(await store.get('telegram:abc')).toEqual(session);
    now = new Date(now.getTime() + 61_000);
    // dynalite has no TTL sweeper; the store must treat an expired item as absent itself.
    expect(await store.get('telegram:abc')).toBeUndefined();
    await store.delete('telegram:abc');
  });
});
