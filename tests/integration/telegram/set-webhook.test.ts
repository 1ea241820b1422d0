import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramClient } from '../../../functions/adapters/telegram/client.js';
import { setTelegramWebhook } from '../../../scripts/telegram-set-webhook.js';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.js';

let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('setTelegramWebhook', () => {
  it('sets the URL with the secret token, the two update kinds we handle, and the chosen options', async () => {
    fake = await startFakeTelegram();
    const telegram = createTelegramClient(fake.token, fake.apiRoot);
    await setTelegramWebhook(telegram, {
      url: 'https://abc123.execute-api.ap-southeast-1.amazonaws.com/telegram/webhook',
      secret: 'Secret_token-123',
      dropPendingUpdates: true,
      maxConnections: 20,
    });
    expect(fake.callsOf('setWebhook').map((call) => call.payload)).toEqual([
      {
        url: 'https://abc123.execute-api.ap-southeast-1.amazonaws.com/telegram/webhook',
        secret_token: 'Secret_token-123',
        allowed_updates: ['message', 'callback_query'],
        drop_pending_updates: true,
        max_connections: 20,
      },
    ]);
  });

  it('refuses a plain-http URL or a secret Telegram would reject, without calling the API', async () => {
    fake = await startFakeTelegram();
    const telegram = createTelegramClient(fake.token, fake.apiRoot);
    await expect(
      setTelegramWebhook(telegram, { url: 'http://example.com/hook', secret: 'ok' }),
    ).rejects.toThrow(/https/);
    await expect(
      setTelegramWebhook(telegram, { url: 'https://example.com/hook', secret: 'has spaces!' }),
    ).rejects.toThrow(/secret/);
    expect(fake.calls).toHaveLength(0);
  });
});
