/**
 * `npm start` with Zalo configured: the route is registered on the local HTTP server and a
 * signed call over real HTTP is answered through the in-process pipeline. Without Zalo
 * configuration the route does not exist.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../functions/composition/local/server.js';
import { useDynamoAndFakeZalo, zaloChannelEnv } from '../../support/zalo-env.js';

const servers = useDynamoAndFakeZalo();
/** This file's own DATA_DIR: a local queue on disk serves one server at a time. */
const dataDir = mkdtempSync(join(tmpdir(), 'zalo-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function env(zalo: Record<string, string>): NodeJS.ProcessEnv {
  return {
    LOG_LEVEL: 'error',
    // Its own: the local queue under DATA_DIR/queue belongs to one server at a time.
    DATA_DIR: dataDir,
    ...servers.dynamo.env,
    AS_OF_DATE: '2026-11-23',
    ...zalo,
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

describe('npm start with Zalo', () => {
  let server: LocalServer | undefined;
  afterAll(() => server?.close());

  it('answers a signed webhook call over HTTP', async () => {
    server = await startLocalServer({
      port: 0,
      seed: false,
      env: env(zaloChannelEnv(servers.fake)),
    });
    const signed = servers.fake.signedWebhook(
      servers.fake.textEvent(
        '7300442764876318001',
        'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu',
        'abc001',
        Date.now(),
      ),
    );
    const response = await fetch(`${server.url}/zalo/webhook`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(response.status).toBe(200);
    await until(() => servers.fake.sent.length > 0, 'the reply');
    expect(servers.fake.sent[0]?.userId).toBe('7300442764876318001');
    expect(servers.fake.sent[0]?.text).toContain('374.000 đồng');
    const forged = await fetch(`${server.url}/zalo/webhook`, {
      method: 'POST',
      headers: { ...signed.headers, 'x-zevent-signature': `mac=${'1'.repeat(64)}` },
      body: signed.body,
    });
    expect(forged.status).toBe(401);
  });

  it('has no Zalo route when the channel is not configured', async () => {
    const off = await startLocalServer({ port: 0, seed: false, env: env({}) });
    try {
      const response = await fetch(`${off.url}/zalo/webhook`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
