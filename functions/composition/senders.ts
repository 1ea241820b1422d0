/**
 * The channel senders the worker knows, built from configuration. One entry per channel;
 * a channel without credentials is simply absent (its messages are dead-lettered with
 * "no sender registered", visible in the alarm, instead of failing silently).
 * The Zalo channel registers its sender here, next to Telegram's.
 */

import { DynamoWebReplyStore } from '../adapters/dynamodb/web-reply-store.js';
import { resolveSecret, type SecretReader } from '../adapters/secrets.js';
import { createTelegramClient } from '../adapters/telegram/client.js';
import { TelegramSender } from '../adapters/telegram/sender.js';
import type { SenderRegistry } from '../app/pipeline-worker.js';
import { WebSender } from '../app/web-chat.js';
import type { Config } from '../shared/config.js';
import type { PipelineContext } from './context.js';
import { createZaloChannel, zaloSettings } from './zalo.js';

export async function createChannelSenders(
  config: Config,
  secrets: SecretReader | undefined,
  /** Needed by channels that keep state (Zalo's token pair); without it Zalo is not registered. */
  context?: Pick<PipelineContext, 'clients' | 'clock' | 'logger'>,
): Promise<SenderRegistry> {
  const senders: SenderRegistry = {};
  if (context) senders.web = createWebSender(config, context);
  const zalo = context ? await zaloSettings(config, secrets) : undefined;
  if (zalo && context) {
    senders.zalo = createZaloChannel({ settings: zalo, stateTable: config.tables.state, ...context }).sender;
  }
  const telegramToken = await resolveSecret(
    secrets,
    config.telegram.botToken,
    config.telegram.botTokenSecretArn,
  );
  if (telegramToken) {
    senders.telegram = new TelegramSender(createTelegramClient(telegramToken, config.telegram.apiRoot));
  }
  return senders;
}

/** The console's web chat: replies filed in the state table for the console API to return. */
export function createWebSender(
  config: Config,
  context: Pick<PipelineContext, 'clients' | 'clock'>,
): WebSender {
  return new WebSender(new DynamoWebReplyStore(context.clients.doc, config.tables.state, context.clock));
}
