import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoZaloTokenStore } from '../../../functions/adapters/dynamodb/zalo-token-store.js';
import { ZaloOaClient } from '../../../functions/adapters/zalo/client.js';
import { ZaloTokenManager } from '../../../functions/adapters/zalo/token-manager.js';
import type { ZaloTokenPair } from '../../../functions/adapters/zalo/token-store.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { FakeZalo } from '../../support/fake-zalo.js';

let dynamo: TestDynamo;
let fake: FakeZalo;
const clock = { now: () => new Date() };

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await fake?.close();
  await dynamo.close();
});
beforeEach(async () => {
  await fake?.close();
  fake = await FakeZalo.start();
  for (const pk of ['ZALO#TOKEN', 'ZALO#TOKEN#LEASE']) {
    await dynamo.clients.doc.send(new DeleteCommand({ TableName: dynamo.tables.state, Key: { pk } }));
  }
});

function worker(): ZaloTokenManager {
  // Each worker has its own client, store instance and lease owner, like separate Lambda containers.
  const client = new ZaloOaClient({
    apiBase: fake.url,
    oauthBase: fake.url,
    appId: fake.appId,
    appSecret: fake.appSecret,
  });
  return new ZaloTokenManager({
    store: new DynamoZaloTokenStore(dynamo.clients.doc, dynamo.tables.state),
    oauth: client,
    clock,
    seed: { accessToken: 'access-0', refreshToken: 'refresh-0' },
  });
}

const pair = (version: number): ZaloTokenPair => ({
  accessToken: `a${version}`,
  refreshToken: `r${version}`,
  accessTokenExpiresAt: '2026-11-24T00:00:00.000Z',
  refreshTokenIssuedAt: '2026-11-23T00:00:00.000Z',
  version,
  seedFingerprints: ['f'],
  updatedAt: '2026-11-23T00:00:00.000Z',
});

describe('DynamoZaloTokenStore', () => {
  it('writes only on the expected version', async () => {
    const store = new DynamoZaloTokenStore(dynamo.clients.doc, dynamo.tables.state);
    expect(await store.put(pair(1), undefined)).toBe(true);
    expect(await store.put(pair(1), undefined)).toBe(false);
    expect(await store.put(pair(2), 7)).toBe(false);
    expect(await store.put(pair(2), 1)).toBe(true);
    expect(await store.get()).toEqual(pair(2));
  });

  it('grants the lease to one owner until released or expired', async () => {
    const store = new DynamoZaloTokenStore(dynamo.clients.doc, dynamo.tables.state);
    const now = new Date('2026-11-23T00:00:00Z');
    expect(await store.acquireLease('a', now, 30)).toBe(true);
    expect(await store.acquireLease('b', now, 30)).toBe(false);
    await store.releaseLease('b'); // not b's to release
    expect(await store.acquireLease('b', new Date(now.getTime() + 10_000), 30)).toBe(false);
    expect(await store.acquireLease('b', new Date(now.getTime() + 31_000), 30)).toBe(true);
    await store.releaseLease('b');
    expect(await store.acquireLease('a', now, 30)).toBe(true);
  });
});

describe('concurrent refresh', () => {
  it('spends the refresh token once; both workers end with the new pair', async () => {
    const first = worker();
    const second = worker();
    await first.accessToken(); // seeds the chain
    fake.oauthDelayMs = 300; // both workers are inside the race window together
    fake.expireAccessTokens();
    const [a, b] = await Promise.all([first.replaceRejected('access-0'), second.replaceRejected('access-0')]);
    expect(fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
    expect(a).toBe('access-1');
    expect(b).toBe('access-1');
    const stored = await new DynamoZaloTokenStore(dynamo.clients.doc, dynamo.tables.state).get();
    expect(stored).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', version: 2 });
    // The chain continues: the stored refresh token is the one Zalo considers unspent.
    expect(fake.unspentRefreshTokens.has(stored?.refreshToken ?? '')).toBe(true);
  });

  it('ten workers at once still spend it once', async () => {
    const workers = Array.from({ length: 10 }, () => worker());
    await workers[0]?.accessToken();
    fake.oauthDelayMs = 100;
    const tokens = await Promise.all(workers.map((w) => w.replaceRejected('access-0')));
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    expect(fake.refreshCalls.filter((call) => call.ok)).toHaveLength(1);
    expect(fake.refreshCalls).toHaveLength(1);
  });
});
