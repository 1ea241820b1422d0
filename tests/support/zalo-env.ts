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
