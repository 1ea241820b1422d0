/**
 * The scheduled refresh Lambda, run as Lambda runs it (configuration from the environment)
 * against dynalite and the fake OAuth server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoZaloTokenStore } from '../../../functions/adapters/dynamodb/zalo-token-store.js';
import { useDynamoAndFakeZalo } from '../../support/zalo-env.js';

const servers = useDynamoAndFakeZalo();
afterEach(() => vi.unstubAllEnvs());

/** A new container: the handler caches its configuration per module instance. */
async function coldStart() {
  vi.resetModules();
  return (await import('../../../functions/composition/lambda/zalo-token-refresh.js')).handler;
}

function stubEnvironment(zalo: Record<string, string>): void {
  const env: Record<string, string> = {
    RUNTIME: 'local',
    LOG_LEVEL: 'error',
    ...servers.dynamo.env,
    HASH_KEY: 'refresh-test-hash-key',
    ZALO_API_BASE: servers.fake.url,
    ZALO_OAUTH_BASE: servers.fake.url,
    ...zalo,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

describe('zalo-token-refresh handler', () => {
  it('is a no-op while the channel is not configured', async () => {
    stubEnvironment({});
    const handler = await coldStart();
    expect(await handler()).toEqual({ status: 'channel-off' });
    expect(servers.fake.refreshCalls).toHaveLength(0);
  });

  it('seeds the chain, refreshes a token near expiry, and leaves a fresh one alone', async () => {
    stubEnvironment({
      ZALO_APP_ID: servers.fake.appId,
      ZALO_OA_SECRET_KEY: servers.fake.oaSecretKey,
      ZALO_APP_SECRET: servers.fake.appSecret,
      ZALO_ACCESS_TOKEN: 'access-0',
      ZALO_REFRESH_TOKEN: 'refresh-0',
    });
    const handler = await coldStart();
    // The seeded access token is trusted for 1 h only: inside the 8 h window, so refreshed.
    expect(await handler()).toMatchObject({ status: 'refreshed', version: 2 });
    expect(await handler()).toMatchObject({ status: 'fresh', version: 2 });
    expect(servers.fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
    const stored = await new DynamoZaloTokenStore(
      servers.dynamo.clients.doc,
      servers.dynamo.tables.state,
    ).get();
    expect(stored).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('fails loudly when Zalo refuses the refresh token', async () => {
    stubEnvironment({
      ZALO_APP_ID: servers.fake.appId,
      ZALO_OA_SECRET_KEY: servers.fake.oaSecretKey,
      ZALO_APP_SECRET: 'wrong-app-secret',
      ZALO_REFRESH_TOKEN: 'refresh-new-seed',
    });
    const handler = await coldStart();
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    await expect(handler()).rejects.toMatchObject({ name: 'ZaloTokenError', reason: 'refresh-failed' });
    spy.mockRestore();
    // The failure metric (CloudWatch EMF) the alarm watches.
    const metric = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => 'TokenRefreshFailures' in l);
    expect(metric?.TokenRefreshFailures).toBe(1);
  });
});
