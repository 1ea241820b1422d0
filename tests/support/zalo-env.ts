/**
 * For a test file that needs dynalite and the fake Zalo servers: both start before its
 * tests and stop after them. Read `env.dynamo` / `env.fake` inside tests and hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestDynamo, type TestDynamo } from './dynamo.js';
import { FakeZalo } from './fake-zalo.js';

export interface DynamoAndFakeZalo {
  readonly dynamo: TestDynamo;
  readonly fake: FakeZalo;
}

export function useDynamoAndFakeZalo(): DynamoAndFakeZalo {
  const started: { dynamo?: TestDynamo; fake?: FakeZalo } = {};
  beforeAll(async () => {
    started.dynamo = await startTestDynamo();
    started.fake = await FakeZalo.start();
  });
  afterAll(async () => {
    await started.fake?.close();
    await started.dynamo?.close();
  });
  return {
    get dynamo() {
      if (!started.dynamo) throw new Error('dynalite is not started yet (use it inside a test or hook)');
      return started.dynamo;
    },
    get fake() {
      if (!started.fake) throw new Error('the fake Zalo is not started yet (use it inside a test or hook)');
      return started.fake;
    },
  };
}

/** The configuration that points `npm start` (or a Lambda) at this fake Zalo, with a first token pair. */
export function zaloChannelEnv(fake: FakeZalo): Record<string, string> {
  return {
    ZALO_APP_ID: fake.appId,
    ZALO_OA_SECRET_KEY: fake.oaSecretKey,
    ZALO_APP_SECRET: fake.appSecret,
    ZALO_ACCESS_TOKEN: 'access-0',
    ZALO_REFRESH_TOKEN: 'refresh-0',
    ZALO_API_BASE: fake.url,
    ZALO_OAUTH_BASE: fake.url,
  };
}
