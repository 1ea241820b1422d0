/**
 * A Telegram `Update` → the shared InboundMessage, at the edge. Only private chats are
 * answered: in a group the bot would read other people's messages and reply in public,
 * which this service never should. Everything else is acknowledged and ignored.
 */
import * as z from 'zod';
import {
  clampInboundText,
  type InboundMessage,
  inboundMessageSchema,
  LATEST_CHANNEL_TIME_MS,
} from '../../core/messages.js';

const chatSchema = z.object({ id: z.number().int(), type: z.string() });

const messageSchema = z.object({
  message_id: z.number().int(),
  // Unix seconds; out of range is malformed (a bad date must never reach `new Date`).
  date: z
    .number()
    .int()
    .nonnegative()
    .max(LATEST_CHANNEL_TIME_MS / 1000),
  chat: chatSchema,
  text: z.string().optional(),
});

const callbackQuerySchema = z.object({
  id: z.string().min(1),
  from: z.object({ id: z.number().int() }),
  message: z.object({ chat: chatSchema }).optional(),
  data: z.string().optional(),
});

/** The parts of an Update we read; unknown fields are allowed and ignored. */
export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: z.unknown().optional(),
  callback_query: z.unknown().optional(),
});

/** Media a citizen may send instead of text; they get a polite "text only, please". */
const MEDIA_KINDS = [
  'sticker',
  'photo',
  'video',
  'voice',
  'audio',
  'document',
  'animation',
  'video_note',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
] as const;

export type UpdateParse =
  | { readonly status: 'message'; readonly message: InboundMessage }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'invalid'; readonly reason: string };

export function parseTelegramUpdate(body: unknown, receivedAt: Date): UpdateParse {
  const update = telegramUpdateSchema.safeParse(body);
  if (!update.success) return { status: 'invalid', reason: 'not a Telegram update' };
  const updateId = String(update.data.update_id);

  if (update.data.message !== undefined) {
    const parsed = messageSchema.safeParse(update.data.message);
    if (!parsed.success) return { status: 'invalid', reason: 'malformed message' };
    const message = parsed.data;
    if (message.chat.type !== 'private')
      return { status: 'ignored', reason: `chat type ${message.chat.type}` };
    const raw = update.data.message as Record<string, unknown>;
    const base = {
      channel: 'telegram' as const,
      messageId: updateId,
      chatId: String(message.chat.id),
      sentAt: new Date(message.date * 1000).toISOString(),
    };
    if (message.text !== undefined) {
      const kind = message.text.startsWith('/') ? 'command' : 'text';
      return validated({ ...base, kind, text: clampInboundText(message.text) });
    }
    const media = MEDIA_KINDS.find((kind) => raw[kind] !== undefined);
    if (media) return validated({ ...base, kind: 'unsupported', unsupportedKind: media });
    // Service messages (pinned, chat photo changed…) are not something to answer.
    return { status: 'ignored', reason: 'service message' };
  }

  if (update.data.callback_query !== undefined) {
    const parsed = callbackQuerySchema.safeParse(update.data.callback_query);
    if (!parsed.success) return { status: 'invalid', reason: 'malformed callback_query' };
    const query = parsed.data;
    if (query.data === undefined) return { status: 'ignored', reason: 'callback without data' };
    if (query.message && query.message.chat.type !== 'private')
      return { status: 'ignored', reason: `chat type ${query.message.chat.type}` };
    return validated({
      channel: 'telegram',
      messageId: updateId,
      chatId: String(query.message?.chat.id ?? query.from.id),
      sentAt: receivedAt.toISOString(),
      kind: 'callback',
      callback: { id: query.id, data: query.data },
    });
  }

  const kind = Object.keys(body as object).find((key) => key !== 'update_id') ?? 'empty';
  return { status: 'ignored', reason: `update kind ${kind}` };
}

function validated(candidate: InboundMessage): UpdateParse {
  const result = inboundMessageSchema.safeParse(candidate);
  return result.success
    ? { status: 'message', message: result.data }
    : { status: 'invalid', reason: 'does not fit InboundMessage' };
}
