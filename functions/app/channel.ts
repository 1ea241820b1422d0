/**
 * What the message pipeline needs from a channel (Telegram, Zalo): send a reply, show
 * "typing…", acknowledge a button press. Each channel adapter implements it; the worker
 * does not know which channel it talks to.
 */
import type { Channel, Reply } from '../core/messages.js';

export interface OutgoingMessage {
  /** Raw chat/user id to send to (never logged). */
  readonly chatId: string;
  readonly reply: Reply;
  /** Id of the logged turn; feedback buttons carry it. */
  readonly turnId: string;
  /** The channel's id of the message answered (a sender that files replies by message uses it). */
  readonly inReplyTo?: string;
  /**
   * Parts delivered by an earlier attempt of the same message: the sender splits the reply
   * the same way and skips them, so a retry after a partial failure never repeats a part.
   */
  readonly partsAlreadySent?: number;
  /** Called after each part is delivered, before the next is sent, so the worker can record progress. */
  readonly onPartSent?: (partsSent: number, totalParts: number) => Promise<void>;
}

export type SendOutcome =
  | { readonly status: 'sent'; readonly parts: number }
  /** The channel will never accept this message (e.g. Zalo's interaction window closed). */
  | { readonly status: 'undeliverable'; readonly reason: string };

export interface ChannelSender {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  showTyping?(chatId: string): Promise<void>;
  acknowledgeCallback?(callbackId: string, text?: string): Promise<void>;
}

/**
 * A channel API failure, split by cause: `retryable` (network, 5xx, 429 — try again,
 * after `retryAfterSeconds` when given) or `refused` (the API said no: bad request,
 * blocked by the user — retrying will not help, dead-letter it).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly kind: 'retryable' | 'refused',
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }
}
