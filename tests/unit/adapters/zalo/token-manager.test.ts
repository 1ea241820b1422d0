import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryZaloTokenStore } from '../../../../functions/adapters/memory/zalo-token-store.js';
import { ZaloOaClient } from '../../../../functions/adapters/zalo/client.js';
import { ZaloTokenError, ZaloTokenManager } from '../../../../functions/adapters/zalo/token-manager.js';
import { FakeZalo } from '../../../support/fake-zalo.js';

let fake: FakeZalo;
let client: ZaloOaClient;
let nowMs: number;
const clock = { now: () => new Date(nowMs) };

beforeEach(async () => {
  fake = await FakeZalo.start();
  client = new ZaloOaClient({
    apiBase: fake.url,
    oauthBase: fake.url,
    appId: fake.appId,
    appSecret: fake.appSecret,
  });
  nowMs = Date.parse('2026-11-23T00:00:00Z');
});
afterEach(() => fake.close());

function manager(store: MemoryZaloTokenStore, seed = { accessToken: 'access-0', refreshToken: 'refresh-0' }) {
  const failures: string[] = [];
  const tokens = new ZaloTokenManager({
    store,
    oauth: client,
    clock,
    seed,
    metrics: (name) => failures.push(name),
    sleep: async () => undefined,
  });
  return { tokens, metrics: failures };
}

describe('ZaloTokenManager', () => {
  it('seeds the chain from the environment on first start, and only once', async () => {
    const store = new MemoryZaloTokenStore();
    const { tokens } = manager(store);
    expect(await tokens.accessToken()).toBe('access-0');
    expect((await store.get())?.version).toBe(1);
    expect(fake.refreshCalls).toHaveLength(0);
    // A later container with the same (long spent) seed keeps the stored chain.
    const stored = await store.get();
    await store.put({ ...(stored as NonNullable<typeof stored>), accessToken: 'access-7', version: 2 }, 1);
    expect(await manager(store).tokens.currentPair()).toMatchObject({ accessToken: 'access-7', version: 2 });
  });

  it('starts over from new seed tokens after an admin re-authorises', async () => {
    const store = new MemoryZaloTokenStore();
    await manager(store).tokens.accessToken();
    const reseeded = manager(store, { accessToken: 'access-new', refreshToken: 'refresh-new' });
    expect(await reseeded.tokens.accessToken()).toBe('access-new');
    expect((await store.get())?.version).toBe(2);
  });

  it('never turns the chain back to an old seed a stale container still holds', async () => {
    const store = new MemoryZaloTokenStore();
    const stale = manager(store); // read the old seed before the operator updated the secret
    await stale.tokens.accessToken();
    const fresh = manager(store, { accessToken: 'access-new', refreshToken: 'refresh-new' });
    expect(await fresh.tokens.accessToken()).toBe('access-new');
    expect(await stale.tokens.currentPair()).toMatchObject({ accessToken: 'access-new', version: 2 });
    expect(await store.get()).toMatchObject({ refreshToken: 'refresh-new', version: 2 });
  });

  it('fails clearly when there is no token at all', async () => {
    const tokens = new ZaloTokenManager({ store: new MemoryZaloTokenStore(), oauth: client, clock });
    await expect(tokens.accessToken()).rejects.toMatchObject({ name: 'ZaloTokenError', reason: 'missing' });
  });

  it('refreshes before expiry, stores the new pair with the next version', async () => {
    const store = new MemoryZaloTokenStore();
    const { tokens } = manager(store);
    await tokens.accessToken();
    nowMs += 2 * 3600_000; // the seeded token is trusted for 1 h
    expect(await tokens.accessToken()).toBe('access-1');
    const pair = await store.get();
    expect(pair).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', version: 2 });
    expect(Date.parse(pair?.accessTokenExpiresAt ?? '')).toBe(nowMs + 90_000_000);
  });

  it('replaces a rejected token once; a second worker reuses the new one without spending', async () => {
    const store = new MemoryZaloTokenStore();
    const first = manager(store).tokens;
    const second = manager(store).tokens;
    await first.accessToken();
    expect(await first.replaceRejected('access-0')).toBe('access-1');
    expect(await second.replaceRejected('access-0')).toBe('access-1');
    expect(fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
  });

  it('the scheduled refresh only refreshes inside the window', async () => {
    const store = new MemoryZaloTokenStore();
    const { tokens } = manager(store);
    await tokens.accessToken();
    await tokens.refreshIfExpiringWithin(8 * 3600); // seeded: expires in 1 h
    expect(fake.refreshCalls).toHaveLength(1);
    const again = await tokens.refreshIfExpiringWithin(8 * 3600); // now ~25 h left
    expect(again.outcome).toBe('fresh');
    expect(fake.refreshCalls).toHaveLength(1);
  });

  it('reports a refused refresh as a failure metric and keeps the stored pair', async () => {
    const store = new MemoryZaloTokenStore();
    const { tokens, metrics } = manager(store);
    await tokens.accessToken();
    fake.unspentRefreshTokens.clear();
    const error = await tokens.replaceRejected('access-0').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZaloTokenError);
    expect((error as ZaloTokenError).reason).toBe('refresh-failed');
    expect(metrics).toContain('TokenRefreshFailures');
    expect(await store.get()).toMatchObject({ accessToken: 'access-0', version: 1 });
  });
});

describe('ZaloTokenManager seeded with a refresh token only', () => {
  it('refreshes on first use', async () => {
    const store = new MemoryZaloTokenStore();
    const tokens = new ZaloTokenManager({
      store,
      oauth: client,
      clock,
      seed: { accessToken: undefined, refreshToken: 'refresh-0' },
    });
    expect(await tokens.accessToken()).toBe('access-1');
    expect(fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
  });
});
