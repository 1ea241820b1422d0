/**
 * The channel-agnostic half of every webhook, after the channel adapter has verified the
 * request and turned it into an InboundMessage: dedupe on the channel's message id, then
 * enqueue. If the enqueue fails the claim is released and the caller answers 5xx, so the
 * channel redelivers and the message is not lost; SQS FIFO deduplication is a second guard
 * against a double enqueue.
 */
import type { InboundMessage } from '../core/messages.js';
import type { Clock, Hasher } from '../core/ports.js';
import { errorFields, type Logger } from '../shared/logger.js';
import type { DedupeStore, EnqueueRequest, MessageQueue } from './ports.js';

export interface IngressDeps {
  readonly dedupe: DedupeStore;
  readonly queue: MessageQueue;
  readonly clock: Clock;
  readonly hash: Hasher;
  readonly logger: Logger;
}

/**
 * - `accepted`: enqueued now → answer 200.
 * - `duplicate`: already accepted earlier → answer 200, do nothing.
 * - `retry-later`: another delivery of the same message is being accepted right now, or the
 *   enqueue failed → answer 5xx so the channel tries again.
 */
export type IngressOutcome = 'accepted' | 'duplicate' | 'retry-later';

export async function acceptInbound(message: InboundMessage, deps: IngressDeps): Promise<IngressOutcome> {
  const fields = { channel: message.channel, messageId: message.messageId, chat: deps.hash(message.chatId) };
  const claim = await deps.dedupe.claim(message.channel, message.messageId);
  if (claim === 'duplicate') {
    deps.logger.info('inbound.duplicate', fields);
    return 'duplicate';
  }
  if (claim === 'in-flight') {
    deps.logger.warn('inbound.in_flight', fields);
    return 'retry-later';
  }
  try {
    await deps.queue.enqueue(enqueueRequestFor(message, deps.clock.now().toISOString(), deps.hash));
  } catch (error) {
    deps.logger.error('inbound.enqueue_failed', { ...fields, ...errorFields(error) });
    // Release so the redelivery is not mistaken for a duplicate; if even that fails the
    // claim goes stale and the redelivery takes it over (see DedupeStore).
    await deps.dedupe.release(message.channel, message.messageId).catch((releaseError) => {
      deps.logger.error('inbound.release_failed', { ...fields, ...errorFields(releaseError) });
    });
    return 'retry-later';
  }
  // Once enqueued the message is safe; a failed confirm only delays a redelivery's verdict.
  await deps.dedupe.confirm(message.channel, message.messageId).catch((error) => {
    deps.logger.warn('inbound.confirm_failed', { ...fields, ...errorFields(error) });
  });
  deps.logger.info('inbound.accepted', { ...fields, kind: message.kind });
  return 'accepted';
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
