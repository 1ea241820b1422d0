import { describe, expect, it } from 'vitest';
import type { SecretReader } from '../../../../functions/adapters/secrets.js';
import { zaloConfigured, zaloSettings, zaloWebhookSettings } from '../../../../functions/composition/zalo.js';
import { loadConfig } from '../../../../functions/shared/config.js';

/** Secrets Manager stand-in: the SecretReader port with fixed values by ARN. */
function secrets(values: Record<string, string>): SecretReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (arn) => {
      reads.push(arn);
      const value = values[arn];
      if (value === undefined) throw new Error(`no secret ${arn}`);
      return value;
    },
  };
}

const arn = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:${name}`;

describe('Zalo channel configuration', () => {
  it('is off without an App ID, OA secret key and App Secret', async () => {
    expect(zaloConfigured(loadConfig({}))).toBe(false);
    expect(zaloConfigured(loadConfig({ ZALO_APP_ID: '1', ZALO_OA_SECRET_KEY: 'k' }))).toBe(false);
    expect(await zaloSettings(loadConfig({ ZALO_APP_ID: '1', ZALO_APP_SECRET: 's' }))).toBeUndefined();
  });

  it('reads plain values locally', async () => {
    const settings = await zaloSettings(
      loadConfig({
        ZALO_APP_ID: '1',
        ZALO_OA_SECRET_KEY: 'k',
        ZALO_APP_SECRET: 's',
        ZALO_REFRESH_TOKEN: 'r',
      }),
    );
    expect(settings).toMatchObject({
      appId: '1',
      oaSecretKey: 'k',
      appSecret: 's',
      seed: { accessToken: undefined, refreshToken: 'r' },
      apiBase: 'https://openapi.zalo.me',
      oauthBase: 'https://oauth.zaloapp.com',
    });
  });

  it('reads secrets by ARN in Lambda, and stays off while they are placeholders', async () => {
    const env = {
      ZALO_APP_ID: '1',
      ZALO_OA_SECRET_KEY_SECRET_ARN: arn('oa'),
      ZALO_APP_SECRET_SECRET_ARN: arn('app'),
      ZALO_REFRESH_TOKEN_SECRET_ARN: arn('refresh'),
      ZALO_ACCESS_TOKEN_SECRET_ARN: arn('access'),
    };
    const filled = secrets({
      [arn('oa')]: 'k',
      [arn('app')]: 's',
      [arn('refresh')]: 'r',
      [arn('access')]: '-',
    });
    expect(await zaloSettings(loadConfig(env), filled)).toMatchObject({
      oaSecretKey: 'k',
      appSecret: 's',
      seed: { accessToken: undefined, refreshToken: 'r' },
    });
    expect(filled.reads).toHaveLength(4);
    const placeholders = secrets({
      [arn('oa')]: '-',
      [arn('app')]: '-',
      [arn('refresh')]: '-',
      [arn('access')]: '-',
    });
    expect(await zaloSettings(loadConfig(env), placeholders)).toBeUndefined();
  });

  it('gives the webhook only the App ID and OA secret key', async () => {
    const env = { ZALO_APP_ID: '1', ZALO_OA_SECRET_KEY_SECRET_ARN: arn('oa') };
    const reader = secrets({ [arn('oa')]: 'k' });
    expect(await zaloWebhookSettings(loadConfig(env), reader)).toEqual({ appId: '1', oaSecretKey: 'k' });
    expect(reader.reads).toEqual([arn('oa')]);
    expect(await zaloWebhookSettings(loadConfig(env), secrets({ [arn('oa')]: '-' }))).toBeUndefined();
    expect(await zaloWebhookSettings(loadConfig({ ZALO_OA_SECRET_KEY: 'k' }))).toBeUndefined();
  });
});
