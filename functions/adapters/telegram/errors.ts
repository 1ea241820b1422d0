/**
 * Telegram API failures → ChannelError. Retryable: 429 (with retry_after), 5xx, network
 * errors and timeouts, and 401 (a wrong token is our configuration, fixed by a deploy; the
 * queue holds the message until then or dead-letters it). Refused: any other 4xx — the
 * request itself is wrong or the user blocked the bot, so retrying cannot help.
 */
import { TelegramError } from 'telegraf';
import { ChannelError } from '../../app/ports.js';

export function toChannelError(error: unknown, method: string): ChannelError {
  if (error instanceof ChannelError) return error;
  if (error instanceof TelegramError) {
    const code = error.code;
    // The description is Telegram's text ("Forbidden: bot was blocked by the user"): no user data.
    const summary = `telegram ${method} failed: ${code} ${error.description ?? ''}`.trim();
    if (code === 429) {
      const retryAfter = error.parameters?.retry_after;
      return new ChannelError(summary, 'retryable', typeof retryAfter === 'number' ? retryAfter : 1, {
        cause: error,
      });
    }
    if (code >= 500 || code === 401)
      return new ChannelError(summary, 'retryable', undefined, { cause: error });
    return new ChannelError(summary, 'refused', undefined, { cause: error });
  }
  const name = (error as { name?: string } | undefined)?.name ?? 'Error';
  return new ChannelError(`telegram ${method} failed: network (${name})`, 'retryable', undefined, {
    cause: error,
  });
}

export function isParseEntitiesError(error: unknown): boolean {
  return (
    error instanceof TelegramError && error.code === 400 && /can't parse entities/i.test(error.description)
  );
}
