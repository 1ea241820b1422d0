/** The DynamoDB FAQ store against dynalite, with the project's content table. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFaqStore } from '../../../functions/adapters/dynamodb/faq-store.js';
import { CachedFaqSource, readFaqDrafts, seedFaqs } from '../../../functions/adapters/knowledge/files.js';
import { type FaqDraft, FaqVersionConflictError } from '../../../functions/core/knowledge/faq.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
let now = new Date('2026-01-05T02:00:00Z');
const clock = { now: () => now };

const draft: FaqDraft = {
  id: 'bhyt-muc-dong',
  questions: ['BHYT hộ gia đình đóng bao nhiêu?', 'Mức đóng bảo hiểm y tế hộ gia đình'],
  answer: 'Người thứ nhất đóng 4,5% mức tham chiếu; người thứ hai đóng 70% mức của người thứ nhất.',
  tags: ['bhyt'],
  citations: [{ document: 'Nghị định 188/2025/NĐ-CP', section: 'Điều 6', date: '2025-08-15' }],
  effectiveFrom: '2025-07-01',
  status: 'draft',
};

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

describe('DynamoFaqStore', () => {
  it('creates, edits and keeps every version with audit fields', async () => {
    const store = new DynamoFaqStore(dynamo.clients.doc, dynamo.tables.content, clock);
    const created = await store.save(draft, 'editor-a', 0);
    expect(created).toMatchObject({
      version: 1,
      createdBy: 'editor-a',
      updatedBy: 'editor-a',
      status: 'draft',
    });

    now = new Date('2026-01-06T02:00:00Z');
    const published = await store.save({ ...draft, status: 'published' }, 'editor-b', 1);
    expect(published).toMatchObject({
      version: 2,
      status: 'published',
      createdAt: '2026-01-05T02:00:00.000Z',
      createdBy: 'editor-a',
      updatedAt: '2026-01-06T02:00:00.000Z',
      updatedBy: 'editor-b',
    });
    expect(await store.get('bhyt-muc-dong')).toEqual(published);
    const history = await store.history('bhyt-muc-dong');
    expect(history.map((item) => [item.version, item.status])).toEqual([
      [2, 'published'],
      [1, 'draft'],
    ]);
    expect(await store.list()).toEqual([published]);
  });

  it('refuses a save based on an outdated version', async () => {
    const store = new DynamoFaqStore(dynamo.clients.doc, dynamo.tables.content, clock);
    await store.save({ ...draft, id: 'xung-dot' }, 'a', 0);
    await store.save({ ...draft, id: 'xung-dot', answer: `${draft.answer} Sửa lần hai.` }, 'b', 1);
    await expect(store.save({ ...draft, id: 'xung-dot' }, 'c', 1)).rejects.toBeInstanceOf(
      FaqVersionConflictError,
    );
    await expect(store.save({ ...draft, id: 'xung-dot' }, 'c', 0)).rejects.toBeInstanceOf(
      FaqVersionConflictError,
    );
    expect((await store.get('xung-dot'))?.version).toBe(2);
  });

  it('keeps the same item list across refreshes until an item changes (the router and matcher are cached by it)', async () => {
    let now = new Date('2026-12-01T03:00:00Z');
    const moving = { now: () => now };
    const store = new DynamoFaqStore(dynamo.clients.doc, dynamo.tables.content, moving);
    await store.save({ ...draft, id: 'bo-nho-dem', status: 'published' }, 'a', 0);
    const source = new CachedFaqSource(store, moving, 60_000);
    const first = await source.items();
    now = new Date(now.getTime() + 61_000);
    expect(await source.items()).toBe(first);
    await store.save(
      { ...draft, id: 'bo-nho-dem', status: 'published', answer: `${draft.answer} Sửa.` },
      'b',
      1,
    );
    now = new Date(now.getTime() + 61_000);
    const changed = await source.items();
    expect(changed).not.toBe(first);
    expect(changed.find((item) => item.id === 'bo-nho-dem')?.version).toBe(2);
  });

  it('seeds the sample FAQ idempotently and lists only published items through the cache', async () => {
    const table = (await startTestDynamo()) as TestDynamo;
    try {
      const store = new DynamoFaqStore(table.clients.doc, table.tables.content, clock);
      const drafts = await readFaqDrafts();
      expect(drafts.length).toBeGreaterThanOrEqual(12);
      expect(await seedFaqs(store, drafts)).toBe(drafts.length);
      expect(await seedFaqs(store, drafts)).toBe(0);
      const items = await new CachedFaqSource(store, clock).items();
      expect(items.map((item) => item.id).sort()).toEqual(
        drafts
          .filter((d) => d.status === 'published')
          .map((d) => d.id)
          .sort(),
      );
      for (const item of items) expect(item.version).toBe(1);
    } finally {
      await table.close();
    }
  });
});
