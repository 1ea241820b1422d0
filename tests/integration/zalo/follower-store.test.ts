import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoZaloFollowerStore } from '../../../functions/adapters/zalo/lifecycle.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

describe('DynamoZaloFollowerStore', () => {
  it('keeps the newest mark, ignores an older redelivery, and deletes', async () => {
    const store = new DynamoZaloFollowerStore(dynamo.clients.doc, dynamo.tables.state);
    await store.mark('h1', { status: 'unfollowed', at: '2026-11-22T10:00:00.000Z' });
    await store.mark('h1', { status: 'following', at: '2026-11-22T09:00:00.000Z' });
    expect(await store.get('h1')).toEqual({ status: 'unfollowed', at: '2026-11-22T10:00:00.000Z' });
    await store.mark('h1', { status: 'following', at: '2026-11-22T11:00:00.000Z' });
    expect((await store.get('h1'))?.status).toBe('following');
    await store.delete('h1');
    expect(await store.get('h1')).toBeUndefined();
  });
});
