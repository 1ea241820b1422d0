/** The webhook Lambda entry point as Lambda runs it: configuration from the environment. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDynamoAndFakeZalo } from '../../support/zalo-env.js';

const servers = useDynamoAndFakeZalo();
afterEach(() => vi.unstubAllEnvs());

async function coldStart(zalo: Record<string, string>) {
  const env: Record<string, string> = {
    RUNTIME: 'local',
    LOG_LEVEL: 'error',
    DYNAMODB_ENDPOINT: servers.dynamo.endpoint,
    TABLE_STATE: servers.dynamo.tables.state,
    HASH_KEY: 'webhook-handler-test',
    // Nothing listens here: these tests must never reach the queue.
    QUEUE_URL: 'http://127.0.0.1:9/000000000000/nowhere.fifo',
    ...zalo,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import('../../../functions/composition/lambda/zalo-webhook.js')).handler;
}

function event(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return { headers, body, isBase64Encoded: false, requestContext: { http: { method: 'POST' } } } as never;
}

describe('zalo-webhook handler', () => {
  it('answers 404 while the channel is off', async () => {
    const handler = await coldStart({});
    const signed = servers.fake.signedWebhook(servers.fake.textEvent('u', 'x', 'm', Date.now()));
    expect((await handler(event(signed.body, signed.headers))).statusCode).toBe(404);
  });

  it('rejects a forged call before touching the queue', async () => {
    const handler = await coldStart({
      ZALO_APP_ID: servers.fake.appId,
      ZALO_OA_SECRET_KEY: servers.fake.oaSecretKey,
    });
    const signed = servers.fake.signedWebhook(servers.fake.textEvent('u', 'x', 'm', Date.now()));
    const forged = await handler(event(signed.body.replace('"x"', '"y"'), signed.headers));
    expect(forged.statusCode).toBe(401);
    const probe = await handler(event('{}', {}));
    expect(probe.statusCode).toBe(200);
  });
});
