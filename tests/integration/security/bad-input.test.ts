/**
 * Every HTTP endpoint of `npm start` (the same handlers as in Lambda) against the bad-input
 * corpus: no 5xx, forged calls refused, nothing bad reaches the queue, and the server still
 * answers afterwards. Then the two inputs that used to break things: a signed call with an
 * impossible date (was a 500) and a 400 KB message (was answered but never logged).
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../functions/composition/local/server.js';
import { MAX_INBOUND_TEXT_CHARS } from '../../../functions/core/messages.js';
import { callCase, generalCases, telegramCases, zaloCases } from '../../support/bad-input.js';
import { type FakeTelegram, startFakeTelegram, updates } from '../../support/fake-telegram.js';
import { useDynamoAndFakeZalo, zaloChannelEnv } from '../../support/zalo-env.js';

const servers = useDynamoAndFakeZalo();
/** This file's own DATA_DIR: a local queue on disk serves one server at a time. */
const dataDir = mkdtempSync(join(tmpdir(), 'bad-input-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
/** A built console beside the handlers, as under `npm start`: its page must not answer for them. */
const webRoot = join(dataDir, 'web');
mkdirSync(webRoot);
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>console</title>');
const SECRET = 'bad-input-secret-0123456789';
const CHAT = 5550001;
let telegram: FakeTelegram;
let server: LocalServer;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  server = await startLocalServer({
    port: 0,
    seed: false,
    webRoot,
    env: {
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      ...servers.dynamo.env,
      AS_OF_DATE: '2026-11-23',
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ...zaloChannelEnv(servers.fake),
    },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await telegram?.close();
});

function telegramUpdate(overrides: Record<string, unknown>): string {
  const update = updates.text(880001, CHAT, 'mức đóng bhxh tự nguyện');
  const message = { ...(update.message as Record<string, unknown>), ...overrides };
  return JSON.stringify({ ...update, message });
}

describe('bad input on every endpoint', () => {
  it('answers every case of the corpus with an expected 4xx, accepts no forged call, and enqueues nothing', async () => {
    const now = Date.now();
    const zalo = {
      sign: (event: Record<string, unknown>) => servers.fake.signedWebhook(event),
      event: (overrides: Record<string, unknown>) => ({
        ...servers.fake.textEvent('7300442764876318555', 'mức đóng bhyt hộ gia đình', `bad-${now}`, now),
        ...overrides,
      }),
    };
    const corpus = [...telegramCases(SECRET, telegramUpdate), ...zaloCases(zalo, now), ...generalCases()];
    const wrong: string[] = [];
    for (const testCase of corpus) {
      const status = await callCase(server.url, testCase);
      if (!testCase.expect.includes(status))
        wrong.push(
          `${testCase.method} ${testCase.path} ${testCase.name}: ${status}, expected ${testCase.expect}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(corpus.filter((testCase) => testCase.forged).length).toBeGreaterThanOrEqual(8);

    // Nothing of it reached a worker: no reply on either channel, nothing logged.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.callsOf('sendMessage')).toHaveLength(0);
    expect(servers.fake.sent).toHaveLength(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  }, 120_000);

  it('answers and logs a message far longer than any channel sends, cut to the channel limit', async () => {
    const long = `thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu ${'ạ '.repeat(200_000)}`;
    const response = await fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(updates.text(880002, CHAT, long)),
    });
    expect(response.status).toBe(200);
    await telegram.waitFor(() => telegram.deliveredTo(CHAT).length > 0, 20_000);
    expect(telegram.deliveredTo(CHAT)).toHaveLength(1);
    let logged: Record<string, unknown>[] = [];
    for (let attempt = 0; attempt < 100 && logged.length === 0; attempt++) {
      const scan = await servers.dynamo.clients.doc.send(
        new ScanCommand({ TableName: servers.dynamo.tables.conversations }),
      );
      logged = (scan.Items ?? []).filter((item) => item.channel === 'telegram');
      if (logged.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.question).length).toBeLessThanOrEqual(MAX_INBOUND_TEXT_CHARS);
    expect(String(logged[0]?.question)).toMatch(/^thu nhập 2 triệu/);
  }, 60_000);
});
