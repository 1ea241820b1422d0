/**
 * Wiring of the Zalo channel from Config, shared by the Lambda handlers (webhook, worker,
 * token refresh) and `npm start`. The channel is off — no route, no sender — unless the
 * App ID, the OA Secret Key and the App Secret are all configured (plain locally, secret
 * ARNs in AWS); `zaloSettings` returns undefined then.
 */

import type { LocalPipeline, PipelineContext } from '../../app/pipeline-runtime.js';
import type { Clock } from '../../core/ports.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import type { DynamoClients } from '../dynamodb/client.js';
import { DynamoDedupeStore } from '../dynamodb/dedupe-store.js';
import { DynamoZaloTokenStore } from '../dynamodb/zalo-token-store.js';
import { resolveSecret, type SecretReader } from '../secrets.js';
import { ZaloOaClient } from './client.js';
import { emfMetricSink, type MetricSink } from './metrics.js';
import { ZaloSender } from './sender.js';
import { ZaloTokenManager } from './token-manager.js';
import { createZaloWebhook, ZALO_DEDUPE_TTL_SECONDS, type ZaloWebhookHandler } from './webhook.js';

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

export interface ZaloChannel {
  readonly client: ZaloOaClient;
  readonly tokens: ZaloTokenManager;
  readonly sender: ZaloSender;
  readonly metrics: MetricSink;
}

export function createZaloChannel(options: {
  readonly settings: ZaloSettings;
  readonly clients: DynamoClients;
  readonly stateTable: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: MetricSink;
}): ZaloChannel {
  const { settings } = options;
  const metrics = options.metrics ?? emfMetricSink();
  const client = new ZaloOaClient({
    apiBase: settings.apiBase,
    oauthBase: settings.oauthBase,
    appId: settings.appId,
    appSecret: settings.appSecret,
  });
  const tokens = new ZaloTokenManager({
    store: new DynamoZaloTokenStore(options.clients.doc, options.stateTable),
    oauth: client,
    clock: options.clock,
    seed: settings.seed,
    metrics,
    logger: options.logger,
  });
  const sender = new ZaloSender({ client, tokens, metrics, logger: options.logger });
  return { client, tokens, sender, metrics };
}

/**
 * The Zalo channel of `npm start`: registers the sender with the local pipeline and returns
 * the webhook route — or nothing when the channel is not configured (the route then 404s
 * like any unknown path).
 */
export async function startLocalZalo(
  context: PipelineContext,
  pipeline: Pick<LocalPipeline, 'ingress' | 'registerSender'>,
): Promise<{ readonly routes: Readonly<Record<string, ZaloWebhookHandler>> }> {
  const settings = await zaloSettings(context.config);
  if (!settings) return { routes: {} };
  const channel = createZaloChannel({ settings, stateTable: context.config.tables.state, ...context });
  pipeline.registerSender(channel.sender);
  const webhook = createZaloWebhook({
    ...pipeline.ingress,
    dedupe: new DynamoDedupeStore(context.clients.doc, context.config.tables.state, context.clock, {
      ttlSeconds: ZALO_DEDUPE_TTL_SECONDS,
    }),
    appId: settings.appId,
    oaSecretKey: settings.oaSecretKey,
    metrics: channel.metrics,
  });
  return { routes: { 'POST /zalo/webhook': webhook } };
}
