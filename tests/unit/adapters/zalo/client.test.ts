import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyZaloError,
  ZaloApiError,
  ZaloOaClient,
  ZaloTransportError,
} from '../../../../functions/adapters/zalo/client.js';
import { FakeZalo } from '../../../support/fake-zalo.js';

let fake: FakeZalo;
let client: ZaloOaClient;

beforeEach(async () => {
  fake = await FakeZalo.start();
  client = new ZaloOaClient({
    apiBase: fake.url,
    oauthBase: `${fake.url}/`,
    appId: fake.appId,
    appSecret: fake.appSecret,
  });
});
afterEach(() => fake.close());

describe('ZaloOaClient', () => {
  it('sends a customer-service text with the access_token header', async () => {
    const result = await client.sendText('access-0', 'user-1', 'Xin chào');
    expect(fake.sent).toEqual([
      {
        userId: 'user-1',
        text: 'Xin chào',
        accessToken: 'access-0',
        buttons: [],
        messageId: result.messageId,
      },
    ]);
    expect(result.quotaType).toBe('reply');
  });

  it('puts buttons in a template attachment', async () => {
    await client.sendText('access-0', 'user-1', 'Chọn', {
      buttons: [{ title: '👍', type: 'oa.query.hide', payload: 'fb:up:T' }],
    });
    expect(fake.sent[0]?.buttons).toEqual([{ title: '👍', type: 'oa.query.hide', payload: 'fb:up:T' }]);
  });

  it('reports Zalo error codes from an HTTP 200 body', async () => {
    const error = await client.sendText('stale', 'user-1', 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect((error as ZaloApiError).code).toBe(-216);
    expect(classifyZaloError(-216)).toBe('token');
    expect(classifyZaloError(-220)).toBe('token');
    expect(classifyZaloError(-32)).toBe('rate-limited');
    expect(classifyZaloError(-230)).toBe('undeliverable');
    expect(classifyZaloError(-201)).toBe('refused');
  });

  it('refreshes through OAuth v4 and spends the refresh token once', async () => {
    const grant = await client.refreshAccessToken('refresh-0');
    expect(grant).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresInSeconds: 90000 });
    const again = await client.refreshAccessToken('refresh-0').catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(ZaloApiError);
    expect((again as ZaloApiError).code).toBe(-14014);
  });

  it('sends the App Secret as secret_key: a wrong one is refused', async () => {
    const wrong = new ZaloOaClient({
      apiBase: fake.url,
      oauthBase: fake.url,
      appId: fake.appId,
      appSecret: 'nope',
    });
    await expect(wrong.refreshAccessToken('refresh-0')).rejects.toBeInstanceOf(ZaloApiError);
    expect(fake.unspentRefreshTokens.has('refresh-0')).toBe(true);
  });

  it('turns an unreachable server into a transport error', async () => {
    await fake.close();
    await expect(client.sendText('access-0', 'u', 'x')).rejects.toBeInstanceOf(ZaloTransportError);
    fake = await FakeZalo.start();
  });
});
