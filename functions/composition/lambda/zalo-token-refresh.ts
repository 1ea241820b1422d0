/**
 * Scheduled Zalo token refresh (EventBridge, every few hours). The access token lives
 * ≈ 25 h: refreshing when less than REFRESH_WITHIN_SECONDS remain, on a schedule shorter
 * than that window, keeps every token refreshed well before expiry, so workers almost
 * never refresh on the hot path. A failure throws (Lambda Errors alarm) and emits the
 * `TokenRefreshFailures` metric (its own alarm); the refresh lease makes this safe to run
 * next to workers that refresh on -216.
 */

import { openLambdaPipeline } from '../context.js';
import { createZaloChannel, zaloSettings } from '../zalo.js';
import { lazyInit } from './init.js';

/** 8 h: with a 6-hourly schedule each token is refreshed at 17–23 h of its ≈ 25 h life. */
export const REFRESH_WITHIN_SECONDS = 8 * 3600;

type Job = () => Promise<{ status: string; version?: number; expiresAt?: string }>;

/** Built once per container: configuration, secrets (read once) and clients. */
async function build(): Promise<Job> {
  const { context, secrets } = await openLambdaPipeline('zalo-token-refresh', { tables: ['state'] });
  const settings = await zaloSettings(context.config, secrets);
  if (!settings) {
    return async () => {
      context.logger.warn('zalo.channel_off');
      return { status: 'channel-off' };
    };
  }
  const zalo = createZaloChannel({
    settings,
    clients: context.clients,
    stateTable: context.config.tables.state,
    clock: context.clock,
    logger: context.logger,
  });
  return async () => {
    const { outcome, pair } = await zalo.tokens.refreshIfExpiringWithin(REFRESH_WITHIN_SECONDS);
    context.logger.info('zalo.token_check', {
      outcome,
      version: pair.version,
      expiresAt: pair.accessTokenExpiresAt,
    });
    return { status: outcome, version: pair.version, expiresAt: pair.accessTokenExpiresAt };
  };
}

const init = lazyInit('zalo-token-refresh', build);

/** A failure throws (Lambda Errors alarm); the next run builds again: secrets may have been fixed. */
export async function handler(): Promise<{ status: string; version?: number; expiresAt?: string }> {
  return (await init())();
}
