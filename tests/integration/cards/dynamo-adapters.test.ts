import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_WRITE_LIMIT, DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoRateCounter } from '../../../functions/adapters/dynamodb/rate-counter.js';
import type { CardRecord } from '../../../functions/core/cards/card.js';
import { sampleCard } from '../../support/cards.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

function card(n: number): CardRecord {
  return sampleCard(`99${String(n).padStart(8, '0')}`, {
    facilityName: 'Trạm Y tế Mẫu',
    updatedAt: '2026-11-23T03:00:00.000Z',
  });
}

/**
 * The real client against dynalite, except that the first `throttledCalls` batch calls only
 * process half of their items and hand the rest back as unprocessed, as DynamoDB does when
 * it throttles. dynalite never does this by itself.
 */
function throttlingClient(doc: DynamoDBDocumentClient, table: string, throttledCalls: number) {
  let remaining = throttledCalls;
  const calls = { write: 0, get: 0 };
  const client = new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        if (command instanceof BatchWriteCommand) {
          calls.write++;
          const requests = command.input.RequestItems?.[table] ?? [];
          if (remaining > 0 && requests.length > 1) {
            remaining--;
            const half = Math.ceil(requests.length / 2);
            const output = await target.send(
              new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, half) } }),
            );
            return { ...output, UnprocessedItems: { [table]: requests.slice(half) } };
          }
        }
        if (command instanceof BatchGetCommand) {
          calls.get++;
          const request = command.input.RequestItems?.[table];
          const keys = request?.Keys ?? [];
          if (remaining > 0 && keys.length > 1) {
            remaining--;
            const half = Math.ceil(keys.length / 2);
            const output = await target.send(
              new BatchGetCommand({ RequestItems: { [table]: { ...request, Keys: keys.slice(0, half) } } }),
            );
            return { ...output, UnprocessedKeys: { [table]: { ...request, Keys: keys.slice(half) } } };
          }
        }
        return target.send(command as never);
      };
    },
  });
  return { client, calls };
}

describe('DynamoCardStore', () => {
  it('writes in batches of 25 and reads back in batches of 100', async () => {
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    const cards = Array.from({ length: 130 }, (_, i) => card(1000 + i));
    await store.putMany(cards);
    const found = await store.getMany([...cards.map((c) => c.bhxhCode), '9999999999']);
    expect(found.size).toBe(130);
    expect(found.get(cards[42]?.bhxhCode ?? '')).toEqual(cards[42]);
    expect(await store.get('9999999999')).toBeUndefined();
    expect(await store.get(cards[0]?.bhxhCode ?? '')).toEqual(cards[0]);
  });

  it('retries unprocessed writes and reads with exponential backoff until all are done', async () => {
    const { client, calls } = throttlingClient(dynamo.clients.doc, dynamo.tables.cards, 4);
    const sleeps: number[] = [];
    const store = new DynamoCardStore(client, dynamo.tables.cards, {
      writeConcurrency: 1,
      backoffBaseMs: 10,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const cards = Array.from({ length: BATCH_WRITE_LIMIT }, (_, i) => card(2000 + i));
    await store.putMany(cards);
    // 25 → 12 left → 6 → 3 → 1 → done: five calls, four backoffs doubling each time.
    expect(calls.write).toBe(5);
    expect(sleeps).toEqual([10, 20, 40, 80]);
    const direct = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    expect((await direct.getMany(cards.map((c) => c.bhxhCode))).size).toBe(BATCH_WRITE_LIMIT);

    const reread = throttlingClient(dynamo.clients.doc, dynamo.tables.cards, 1);
    const reader = new DynamoCardStore(reread.client, dynamo.tables.cards, { sleep: async () => undefined });
    expect((await reader.getMany(cards.map((c) => c.bhxhCode))).size).toBe(BATCH_WRITE_LIMIT);
    expect(reread.calls.get).toBe(2);
  });

  it('gives up with a named error when items stay unprocessed', async () => {
    const { client } = throttlingClient(dynamo.clients.doc, dynamo.tables.cards, 100);
    const store = new DynamoCardStore(client, dynamo.tables.cards, {
      maxAttempts: 3,
      sleep: async () => undefined,
    });
    await expect(store.putMany(Array.from({ length: 10 }, (_, i) => card(3000 + i)))).rejects.toMatchObject({
      name: 'CardStoreError',
    });
  });
});

describe('DynamoRateCounter', () => {
  it('grants at most the limit under concurrency and stores the window end as the TTL attribute', async () => {
    let now = new Date('2026-11-23T03:00:00Z');
    const counter = new DynamoRateCounter(dynamo.clients.doc, dynamo.tables.state, { now: () => now });
    const grants = await Promise.all(Array.from({ length: 12 }, () => counter.take('test:burst', 5, 3600)));
    expect(grants.filter((grant) => grant.allowed)).toHaveLength(5);
    expect(
      grants
        .filter((grant) => grant.allowed)
        .map((grant) => grant.count)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(grants.filter((grant) => !grant.allowed).every((grant) => grant.count === 5)).toBe(true);
    expect(await counter.peek('test:burst')).toBe(5);

    const item = await dynamo.clients.doc.send(
      new GetCommand({ TableName: dynamo.tables.state, Key: { pk: 'RATE#test:burst' } }),
    );
    expect(item.Item?.expiresAt).toBe(Math.floor(now.getTime() / 1000) + 3600);

    // A given-back attempt frees one grant; the window does not slide.
    await counter.giveBack('test:burst');
    now = new Date(now.getTime() + 1800_000);
    expect(await counter.take('test:burst', 5, 3600)).toEqual({ allowed: true, count: 5 });
    expect(await counter.take('test:burst', 5, 3600)).toEqual({ allowed: false, count: 5 });
    // After the window the (not yet deleted) item counts as a fresh window.
    now = new Date(now.getTime() + 1801_000);
    expect(await counter.peek('test:burst')).toBe(0);
    expect(await counter.take('test:burst', 5, 3600)).toEqual({ allowed: true, count: 1 });
    // Giving back in an ended window or on an unknown key changes nothing and does not throw.
    await counter.giveBack('unknown-key');
    expect(await counter.peek('unknown-key')).toBe(0);
  });
});
