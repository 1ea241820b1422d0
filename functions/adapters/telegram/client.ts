/**
 * The raw telegraf `Telegram` API client. We do not use `Telegraf` (the bot framework):
 * updates arrive through our own webhook and queue, so there is no middleware to run and
 * no `getMe` round trip at cold start — the client only calls the methods we send.
 * `webhookReply` is off: every call is a real HTTP call whose result we check.
 */
import { Telegram } from 'telegraf';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';

export function createTelegramClient(token: string, apiRoot: string | undefined): Telegram {
  return new Telegram(token, { apiRoot: apiRoot ?? DEFAULT_API_ROOT, webhookReply: false });
}
