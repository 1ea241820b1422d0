/**
 * The ports the application layer owns, beyond the core's (functions/core/ports.ts), and the
 * records that cross them. The message pipeline shared by every channel:
 *
 *   webhook ──▶ acceptInbound (dedupe + enqueue) ──▶ queue (FIFO per chat) ──▶ processQueued
 *
 * needs a queue, dedupe and progress records, and a sender per channel; the web chat files
 * replies for the console. Adapters: functions/adapters/queue (SQS FIFO, local), dynamodb,
 * telegram, zalo, and memory (fakes, held to the same contract suites in tests/contract).
 * The console's ports are in functions/app/console/ (contracts.ts, auth.ts, users.ts).
 */

import * as z from 'zod';
import { CHANNELS, type Channel, inboundMessageSchema, type Reply, replySchema } from '../core/messages.js';
import type { Decodes } from '../core/schema.js';
import type { WebAnswer } from './web-chat.js';

/** What travels through the queue: the message and when the webhook accepted it. */
export const queuedMessageSchema = z.object({
  message: inboundMessageSchema,
  /** ISO time the webhook accepted the message; latency in the conversation log is measured from it. */
  receivedAt: z.string(),
});
export type QueuedMessage = z.infer<typeof queuedMessageSchema>;

export interface EnqueueRequest {
  readonly item: QueuedMessage;
  /** Messages with the same group are handled one at a time, in order (SQS FIFO MessageGroupId). */
  readonly groupId: string;
  /** Same id twice within the queue's window is delivered once (SQS FIFO MessageDeduplicationId). */
  readonly deduplicationId: string;
}

export interface MessageQueue {
  enqueue(request: EnqueueRequest): Promise<void>;
}

/** The message could not be enqueued; the webhook answers 5xx so the channel redelivers. */
export class EnqueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnqueueError';
  }
}

/**
 * Idempotency keys for inbound deliveries. `claim` is a conditional write: only the first
 * delivery of a message id gets `claimed`. A claim is `pending` until `confirm` (enqueued);
 * a pending claim older than the stale window may be taken over, so a webhook that died
 * between claim and enqueue does not lose the message.
 */
export type ClaimResult = 'claimed' | 'duplicate' | 'in-flight';
export interface DedupeStore {
  claim(channel: Channel, messageId: string): Promise<ClaimResult>;
  confirm(channel: Channel, messageId: string): Promise<void>;
  release(channel: Channel, messageId: string): Promise<void>;
}

/**
 * Per-message progress of the worker, so a retry resumes where the last attempt stopped:
 * the reply is computed once (the core is not run twice, the session not advanced twice),
 * parts already sent are not sent again, the turn is logged once.
 */
export interface MessageProgress {
  readonly channel: Channel;
  readonly messageId: string;
  /** Set once the core has answered; `null` reply means "nothing to send". */
  readonly turnId?: string;
  readonly reply?: Reply | null;
  /** How long the core took, for diagnosis. */
  readonly computeMs?: number;
  readonly partsSent: number;
  /** Every part delivered (or the channel said it never will be: `undeliverable`). */
  readonly sent: boolean;
  readonly undeliverable?: boolean;
  readonly logged: boolean;
  readonly acknowledged: boolean;
  readonly done: boolean;
  readonly attempts: number;
}

/** A progress record as stored, decoded on read: one that does not decode counts as none. */
export const messageProgressSchema = z.object({
  channel: z.enum(CHANNELS),
  messageId: z.string(),
  turnId: z.string().optional(),
  reply: replySchema.nullable().optional(),
  computeMs: z.number().optional(),
  partsSent: z.number().int().nonnegative(),
  sent: z.boolean(),
  undeliverable: z.boolean().optional(),
  logged: z.boolean(),
  acknowledged: z.boolean(),
  done: z.boolean(),
  attempts: z.number().int().nonnegative(),
});
true satisfies Decodes<typeof messageProgressSchema, MessageProgress>;

export interface ProgressStore {
  get(channel: Channel, messageId: string): Promise<MessageProgress | undefined>;
  /** Create or overwrite the record (the queue guarantees one worker per chat at a time). */
  put(progress: MessageProgress): Promise<void>;
}

/* What the message pipeline needs from a channel (Telegram, Zalo, web): send a reply, show
 * "typing…", acknowledge a button press. Each channel adapter implements it; the worker does
 * not know which channel it talks to. */

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

/** Replies filed by message, read back by the API that sent the message. Kept a day. */
export interface WebReplyStore {
  put(chatId: string, messageId: string, answer: WebAnswer): Promise<void>;
  get(chatId: string, messageId: string): Promise<WebAnswer | undefined>;
}
