/**
 * Zalo OA webhook events (channels.md B2) → one InboundMessage, or a reason to ignore.
 * Parsed defensively: Zalo adds events and fields; only what we use is checked, ids are
 * kept as strings, and anything unknown is acknowledged and ignored.
 */
import * as z from 'zod';
import {
  clampInboundText,
  FEEDBACK_PREFIX,
  type InboundMessage,
  LATEST_CHANNEL_TIME_MS,
  parseFaqChoice,
} from '../../core/messages.js';
import type { Hasher } from '../../core/ports.js';

const id = z.union([z.string().min(1), z.number()]).transform(String);

export const zaloEventSchema = z
  .object({
    app_id: id.optional(),
    event_name: z.string().min(1),
    timestamp: id.optional(),
    sender: z.object({ id: id.optional(), admin_id: id.optional() }).passthrough().optional(),
    recipient: z.object({ id: id.optional() }).passthrough().optional(),
    follower: z.object({ id: id.optional() }).passthrough().optional(),
    user_id: id.optional(),
    message: z
      .object({
        msg_id: id.optional(),
        text: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type ZaloEvent = z.infer<typeof zaloEventSchema>;

/** Media a citizen can send that we cannot read: answered with "please type your question". */
const UNSUPPORTED_EVENTS: Readonly<Record<string, string>> = {
  user_send_image: 'image',
  user_send_gif: 'gif',
  user_send_sticker: 'sticker',
  user_send_file: 'file',
  user_send_audio: 'audio',
  user_send_video: 'video',
  user_send_link: 'link',
  user_send_location: 'location',
  user_send_business_card: 'business_card',
};

/** Delivery/read receipts of our own messages. */
const RECEIPT_EVENTS = new Set(['user_received_message', 'user_seen_message']);

export type ZaloEventDecision =
  | {
      readonly action: 'enqueue';
      /** `messageId` is stable across Zalo's redeliveries and holds no raw user id. */
      readonly message: InboundMessage;
    }
  | {
      readonly action: 'ignore';
      readonly reason: 'receipt' | 'echo' | 'unknown' | 'no-user';
      readonly eventName: string;
    };

/**
 * Decide what to do with a verified event. `now` stands in for a missing timestamp.
 * Button taps arrive as `user_send_text` with the button payload as text (oa.query.*);
 * a feedback payload (`fb:up:<turn>`), topic payload (`topic:…`) or FAQ choice (`faq:<id>`)
 * becomes a callback.
 */
export function classifyZaloEvent(event: ZaloEvent, hash: Hasher, now: Date): ZaloEventDecision {
  const name = event.event_name;
  if (RECEIPT_EVENTS.has(name)) return { action: 'ignore', reason: 'receipt', eventName: name };
  // Echoes of what the OA (our API or a human officer) sent: answering them would loop.
  if (name.startsWith('oa_send_')) return { action: 'ignore', reason: 'echo', eventName: name };

  const kind = kindOf(name);
  if (!kind) return { action: 'ignore', reason: 'unknown', eventName: name };

  const userId =
    kind === 'follow' || kind === 'unfollow'
      ? (event.follower?.id ?? event.sender?.id)
      : kind === 'withdraw'
        ? (event.user_id ?? event.sender?.id ?? event.follower?.id)
        : event.sender?.id;
  if (!userId) return { action: 'ignore', reason: 'no-user', eventName: name };

  const timestamp = event.timestamp ?? String(now.getTime());
  const sentAtMs = Number(timestamp);
  const sentAt = isChannelTime(sentAtMs) ? new Date(sentAtMs) : now;
  const msgId = event.message?.msg_id;
  const messageId = msgId ?? `${name}:${hash(userId)}:${timestamp}`;
  const base = {
    channel: 'zalo' as const,
    messageId,
    chatId: userId,
    sentAt: sentAt.toISOString(),
  };

  if (kind === 'text') {
    const text = event.message?.text ?? '';
    const payload = text.trim();
    if (
      payload.startsWith(FEEDBACK_PREFIX) ||
      /^topic:[a-z]+$/.test(payload) ||
      parseFaqChoice(payload) !== undefined
    ) {
      return {
        action: 'enqueue',
        message: { ...base, kind: 'callback', callback: { id: messageId, data: payload } },
      };
    }
    return { action: 'enqueue', message: { ...base, kind: 'text', text: clampInboundText(text) } };
  }
  if (kind === 'unsupported') {
    return {
      action: 'enqueue',
      message: { ...base, kind: 'unsupported', unsupportedKind: UNSUPPORTED_EVENTS[name] ?? name },
    };
  }
  return { action: 'enqueue', message: { ...base, kind } };
}

function kindOf(name: string): 'text' | 'follow' | 'unfollow' | 'withdraw' | 'unsupported' | undefined {
  if (name === 'user_send_text') return 'text';
  if (name === 'follow') return 'follow';
  if (name === 'unfollow') return 'unfollow';
  if (name === 'user_withdraw') return 'withdraw';
  if (name in UNSUPPORTED_EVENTS) return 'unsupported';
  return undefined;
}

/** A millisecond time a Date can hold and a channel could mean (1970 to 2100). */
export function isChannelTime(ms: number): boolean {
  return Number.isInteger(ms) && ms > 0 && ms < LATEST_CHANNEL_TIME_MS;
}
