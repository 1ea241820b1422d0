/**
 * The Zalo channel's settings from Config, with secrets resolved. Apart from the channel
 * wiring (runtime.ts, re-exported there) so the webhook Lambda, which needs only
 * `zaloWebhookSettings`, bundles no client, sender or token manager.
 */
import type { Config } from '../../shared/config.js';
import { resolveSecret, type SecretReader } from '../secrets.js';

export interface ZaloSettings {
  readonly appId: string;
  readonly oaSecretKey: string;
  readonly appSecret: string;
  readonly seed: { readonly accessToken: string | undefined; readonly refreshToken: string | undefined };
  readonly apiBase: string;
  readonly oauthBase: string;
}

/** Whether the configuration names everything the channel needs (without reading secrets). */
export function zaloConfigured(config: Config): boolean {
  const zalo = config.zalo;
  return Boolean(
    zalo.appId &&
      (zalo.oaSecretKey || zalo.oaSecretKeySecretArn) &&
      (zalo.appSecret || zalo.appSecretSecretArn),
  );
}

/** The channel's settings with secrets resolved (once per container: the reader caches). */
export async function zaloSettings(
  config: Config,
  secrets?: SecretReader,
): Promise<ZaloSettings | undefined> {
  if (!zaloConfigured(config)) return undefined;
  const zalo = config.zalo;
  const [oaSecretKey, appSecret, accessToken, refreshToken] = await Promise.all([
    resolveSecret(secrets, zalo.oaSecretKey, zalo.oaSecretKeySecretArn),
    resolveSecret(secrets, zalo.appSecret, zalo.appSecretSecretArn),
    resolveSecret(secrets, zalo.accessToken, zalo.accessTokenSecretArn).then(realValue),
    resolveSecret(secrets, zalo.refreshToken, zalo.refreshTokenSecretArn).then(realValue),
  ]);
  // A secret created by the stack but not filled in yet reads as a placeholder: channel off.
  if (!zalo.appId || !realValue(oaSecretKey) || !realValue(appSecret)) return undefined;
  return {
    appId: zalo.appId,
    oaSecretKey: oaSecretKey as string,
    appSecret: appSecret as string,
    seed: { accessToken, refreshToken },
    apiBase: zalo.apiBase,
    oauthBase: zalo.oauthBase,
  };
}

/**
 * What the webhook needs, and nothing more: the App ID and the OA Secret Key. The webhook
 * Lambda is never given the App Secret or the tokens, and reads one secret at cold start
 * (its 2 s budget). Undefined (route answers 404) while either is missing or a placeholder.
 */
export async function zaloWebhookSettings(
  config: Config,
  secrets?: SecretReader,
): Promise<Pick<ZaloSettings, 'appId' | 'oaSecretKey'> | undefined> {
  const zalo = config.zalo;
  if (!zalo.appId || !(zalo.oaSecretKey || zalo.oaSecretKeySecretArn)) return undefined;
  const oaSecretKey = realValue(await resolveSecret(secrets, zalo.oaSecretKey, zalo.oaSecretKeySecretArn));
  return oaSecretKey ? { appId: zalo.appId, oaSecretKey } : undefined;
}

/** Placeholder values the stack puts in a secret the operator has not filled in. */
function realValue(value: string | undefined): string | undefined {
  if (!value || value === '-' || /^(todo|change-?me|placeholder|unset)$/i.test(value)) return undefined;
  return value;
}
