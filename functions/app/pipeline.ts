/**
 * The message pipeline shared by every channel (Telegram, Zalo):
 *
 *   webhook ──▶ acceptInbound (dedupe + enqueue) ──▶ queue (FIFO per chat) ──▶ processQueued
 *
 * This file holds the ports the pipeline needs beyond the core's (queue, dedupe and
 * progress records) and the envelope that travels through the queue. Adapters:
 * functions/adapters/queue (SQS FIFO, in-process), functions/adapters/dynamodb
 * (dedupe-store, progress-store) and functions/adapters/memory (fakes).
 */
import * as z from 'zod';
import {
  CHANNELS,
  type Channel,
  type InboundMessage,
  inboundMessageSchema,
  type Reply,
  replySchema,
} from '../core/messages.js';
import type { Decodes } from '../core/schema.js';

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

/** Envelope → enqueue request: group by chat (hashed, ids in SQS are visible in the console). */
export function enqueueRequestFor(
  message: InboundMessage,
  receivedAt: string,
  hash: (value: string) => string,
): EnqueueRequest {
  return {
    item: { message, receivedAt },
    groupId: `${message.channel}-${hash(message.chatId)}`,
    deduplicationId: `${message.channel}-${message.messageId}`.replace(/[^\w-]/g, '_').slice(0, 128),
  };
}

/** Paths where the citizen got a real answer, which we ask them to rate with 👍/👎. */
const RATED_PATHS = new Set(['faq', 'document', 'calculator', 'card', 'fallback']);
export function wantsFeedback(reply: Reply): boolean {
  return reply.askFeedback === true || RATED_PATHS.has(reply.path);
}
