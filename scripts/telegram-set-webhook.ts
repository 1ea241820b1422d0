/**
 * Point Telegram at the deployed webhook (run once per deploy, never at cold start):
 *
 *   npm run telegram:webhook -- --url https://<api>/telegram/webhook [--drop-pending-updates] [--max-connections 20]
 *   npm run telegram:webhook -- --info
 *   npm run telegram:webhook -- --delete [--drop-pending-updates]
 *
 * Token and secret come from TELEGRAM_BOT_TOKEN / TELEGRAM_WEBHOOK_SECRET, or from Secrets
 * Manager when TELEGRAM_BOT_TOKEN_SECRET_ARN / TELEGRAM_WEBHOOK_SECRET_SECRET_ARN are set
 * (the stack outputs them). Neither value is printed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Telegram } from 'telegraf';
import { createSecretReader, resolveSecret } from '../functions/adapters/secrets.js';
import { createTelegramClient } from '../functions/adapters/telegram/client.js';
import { ALLOWED_UPDATES } from '../functions/composition/local/telegram-polling.js';
import { loadConfig } from '../functions/shared/config.js';

export interface SetWebhookOptions {
  readonly url: string;
  readonly secret: string;
  readonly dropPendingUpdates?: boolean;
  /** Caps Telegram's parallel deliveries; match it to the webhook function's concurrency. */
  readonly maxConnections?: number;
}

export async function setTelegramWebhook(telegram: Telegram, options: SetWebhookOptions): Promise<void> {
  const url = new URL(options.url);
  if (url.protocol !== 'https:') throw new Error('the webhook URL must be https');
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(options.secret))
    throw new Error('the webhook secret must be 1–256 characters of A-Z a-z 0-9 _ -');
  await telegram.setWebhook(url.toString(), {
    secret_token: options.secret,
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: options.dropPendingUpdates ?? false,
    max_connections: options.maxConnections ?? 40,
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.includes(`--${name}`);
  const value = (name: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const config = loadConfig({ ...process.env, RUNTIME: 'local' });
  const secrets = createSecretReader({ region: config.region });
  const token = await resolveSecret(secrets, config.telegram.botToken, config.telegram.botTokenSecretArn);
  if (!token) throw new Error('set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_SECRET_ARN');
  const telegram = createTelegramClient(token, config.telegram.apiRoot);

  if (flag('info')) {
    const info = await telegram.getWebhookInfo();
    console.log(JSON.stringify(info, null, 2));
    return;
  }
  if (flag('delete')) {
    await telegram.deleteWebhook({ drop_pending_updates: flag('drop-pending-updates') });
    console.log('webhook removed');
    return;
  }
  const url = value('url');
  if (!url) throw new Error('usage: npm run telegram:webhook -- --url https://<api>/telegram/webhook');
  const secret = await resolveSecret(
    secrets,
    config.telegram.webhookSecret,
    config.telegram.webhookSecretSecretArn,
  );
  if (!secret) throw new Error('set TELEGRAM_WEBHOOK_SECRET or TELEGRAM_WEBHOOK_SECRET_SECRET_ARN');
  const maxConnections = value('max-connections');
  await setTelegramWebhook(telegram, {
    url,
    secret,
    dropPendingUpdates: flag('drop-pending-updates'),
    ...(maxConnections ? { maxConnections: Number(maxConnections) } : {}),
  });
  console.log(`webhook set to ${url} (allowed updates: ${ALLOWED_UPDATES.join(', ')})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
