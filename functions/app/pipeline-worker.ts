/**
 * The channel-agnostic worker: one queued message → at most one reply, sent once, logged
 * once. Every step records its result in the progress store before the next one starts,
 * so a retry after any failure resumes instead of repeating:
 *
 *   acknowledge button → compute reply (core, once) → send parts → log turn → done
 *
 * The one unavoidable window is a crash after the channel accepted a part and before the
 * progress write: that part would be sent again. It is as wide as the channel's answer to the
 * send (normally milliseconds, at most the sender's 10 s timeout); every other
 * failure is retried without a duplicate.
 */
import { randomBytes } from 'node:crypto';
import { type Channel, type InboundMessage, parseFeedbackData, type Reply } from '../core/messages.js';
import type { Clock, ConversationLog, IdGenerator, TurnRecord } from '../core/ports.js';
import { errorFields, type Logger } from '../shared/logger.js';
import {
  ChannelError,
  type ChannelSender,
  type MessageProgress,
  type ProgressStore,
  type QueuedMessage,
} from './ports.js';
import { runTurn, type TurnDeps } from './turn.js';

export type SenderRegistry = Partial<Record<Channel, ChannelSender>>;

export interface WorkerDeps {
  readonly turn: TurnDeps;
  /** One sender per channel; the worker picks by `message.channel`. */
  readonly senders: SenderRegistry;
  readonly progress: ProgressStore;
  readonly conversations: ConversationLog;
  readonly turnIds: IdGenerator;
  /** Applied to question and answer text before they are logged (identifiers, dates of birth…). */
  readonly redact: LogRedaction;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A channel's retry_after up to this is waited out in place; longer goes back to the queue. */
  readonly maxInlineWaitSeconds?: number;
  readonly maxInlineRetries?: number;
  /** "typing…" lasts ~5 s on Telegram; repeat it while the turn runs. */
  readonly typingIntervalMs?: number;
  /**
   * Side effects of follow / unfollow / withdraw (e.g. Zalo's follower mark, deleting a
   * withdrawn user's data). Runs after the turn saved its session; must be idempotent.
   */
  readonly lifecycle?: (message: InboundMessage) => Promise<void>;
}

export interface LogRedaction {
  question(text: string): string;
  answer(text: string, intent: string): string;
}

export type ProcessResult =
  | { readonly status: 'done' }
  /** Leave the message on the queue; try again after `retryAfterSeconds` when given. */
  | { readonly status: 'retry'; readonly reason: string; readonly retryAfterSeconds?: number }
  /** Retrying cannot help (the channel refused): move it to the dead-letter queue now. */
  | { readonly status: 'dead-letter'; readonly reason: string };

export const FEEDBACK_THANKS = 'Cảm ơn bạn đã góp ý!';

/** Events that are never answered: no "typing…" for them (the person may have left). */
const SILENT_KINDS: ReadonlySet<InboundMessage['kind']> = new Set(['unfollow', 'withdraw']);

export async function processQueued(item: QueuedMessage, deps: WorkerDeps): Promise<ProcessResult> {
  const { message } = item;
  const log = deps.logger.child({
    channel: message.channel,
    messageId: message.messageId,
    chat: deps.turn.hash(message.chatId),
  });
  const sender = deps.senders[message.channel];
  if (!sender) {
    log.error('worker.no_sender');
    return { status: 'dead-letter', reason: `no sender registered for channel ${message.channel}` };
  }
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxInlineWait = deps.maxInlineWaitSeconds ?? 10;
  const maxInlineRetries = deps.maxInlineRetries ?? 3;

  for (let inlineRetry = 0; ; inlineRetry++) {
    try {
      await advance(item, sender, deps, log);
      return { status: 'done' };
    } catch (error) {
      if (error instanceof ChannelError && error.kind === 'refused') {
        log.error('worker.refused', errorFields(error));
        return { status: 'dead-letter', reason: error.message };
      }
      const retryAfter = error instanceof ChannelError ? error.retryAfterSeconds : undefined;
      if (retryAfter !== undefined && retryAfter <= maxInlineWait && inlineRetry < maxInlineRetries) {
        log.warn('worker.rate_limited', { retryAfterSeconds: retryAfter });
        await sleep(retryAfter * 1000);
        continue;
      }
      log.warn('worker.retry', { ...errorFields(error), retryAfterSeconds: retryAfter });
      return {
        status: 'retry',
        reason: error instanceof Error ? error.message : String(error),
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      };
    }
  }
}

async function advance(
  item: QueuedMessage,
  sender: ChannelSender,
  deps: WorkerDeps,
  log: Logger,
): Promise<void> {
  const { message } = item;
  const existing = await deps.progress.get(message.channel, message.messageId);
  let progress: MessageProgress = existing ?? {
    channel: message.channel,
    messageId: message.messageId,
    partsSent: 0,
    sent: false,
    logged: false,
    acknowledged: false,
    done: false,
    attempts: 0,
  };
  if (progress.done) {
    log.info('worker.already_done');
    return;
  }
  progress = { ...progress, attempts: progress.attempts + 1 };
  const save = async (change: Partial<MessageProgress>) => {
    progress = { ...progress, ...change };
    await deps.progress.put(progress);
  };
  const chatHash = deps.turn.hash(message.chatId);

  // 1. A button press: stop the client's spinner first; feedback needs nothing else.
  if (message.kind === 'callback' && !progress.acknowledged) {
    const feedback = parseFeedbackData(message.callback.data);
    if (feedback) {
      const found = await deps.conversations.recordFeedback(chatHash, feedback.turnId, feedback.vote);
      log.info('worker.feedback', { turnId: feedback.turnId, vote: feedback.vote, found });
    }
    await acknowledge(sender, message.callback.id, feedback ? FEEDBACK_THANKS : undefined, log);
    if (feedback) {
      await save({ acknowledged: true, done: true });
      return;
    }
    await save({ acknowledged: true });
  }

  await withTyping(
    sender,
    message.chatId,
    progress.sent || SILENT_KINDS.has(message.kind),
    deps.typingIntervalMs ?? 4000,
    log,
    async () => {
      // 2. The core runs once per message; its reply is stored with the turn id.
      if (progress.turnId === undefined) {
        const started = deps.clock.now().getTime();
        const result = await runTurn(message, deps.turn);
        const reply = result.reply ? { ...result.reply, askFeedback: wantsFeedback(result.reply) } : null;
        await save({ turnId: deps.turnIds.next(), reply, computeMs: deps.clock.now().getTime() - started });
        log.info('worker.answered', {
          turnId: progress.turnId,
          path: reply?.path ?? 'none',
          // The optional model's part, countable from the log: used, or the reason it was not.
          ...(reply?.llm ? { llm: reply.llm.outcome, llmReason: reply.llm.fallbackReason } : {}),
        });
      }
      // 3. Send what is left of the reply.
      if (progress.reply && !progress.sent && progress.turnId) {
        const outcome = await sender.send({
          chatId: message.chatId,
          reply: progress.reply,
          turnId: progress.turnId,
          inReplyTo: message.messageId,
          partsAlreadySent: progress.partsSent,
          onPartSent: (partsSent, totalParts) => save({ partsSent, sent: partsSent >= totalParts }),
        });
        if (outcome.status === 'undeliverable') {
          log.warn('worker.undeliverable', { reason: outcome.reason });
          await save({ sent: true, undeliverable: true });
        } else if (!progress.sent) {
          // A sender that does not report parts: record the whole reply as sent.
          await save({ sent: true });
        }
      }
    },
  );

  if (deps.lifecycle && ['follow', 'unfollow', 'withdraw'].includes(message.kind))
    await deps.lifecycle(message);

  // 4. Log the turn (redacted) once; then the message is finished.
  if (progress.reply && progress.turnId && !progress.logged) {
    await deps.conversations.append(turnRecord(item, progress.reply, progress.turnId, chatHash, deps));
  }
  // Finished: the stored reply is no longer needed, and a citizen who withdraws must not
  // leave their answers behind in progress records for their 14 days.
  const { reply: _delivered, ...finished } = progress;
  progress = { ...finished, logged: true, done: true };
  await deps.progress.put(progress);
  log.info('worker.done', {
    turnId: progress.turnId,
    parts: progress.partsSent,
    attempts: progress.attempts,
  });
}

function turnRecord(
  item: QueuedMessage,
  reply: Reply,
  turnId: string,
  chatHash: string,
  deps: WorkerDeps,
): TurnRecord {
  const receivedAt = Date.parse(item.receivedAt);
  return {
    turnId,
    channel: item.message.channel,
    chatHash,
    at: item.receivedAt,
    question: clampLoggedText(deps.redact.question(questionText(item.message))),
    answer: clampLoggedText(deps.redact.answer(reply.text, reply.intent)),
    intent: reply.intent,
    path: reply.path,
    citations: reply.citations,
    latencyMs: Number.isFinite(receivedAt) ? Math.max(0, deps.clock.now().getTime() - receivedAt) : 0,
    ...(reply.llm ? { llm: reply.llm } : {}),
  };
}

/**
 * Longest question or answer kept in the conversation log. The channels cap a text at
 * 2,000 (Zalo) and 4,096 (Telegram) characters; anything longer would still have to fit a
 * DynamoDB item (400 KB), so a turn is never refused by the log and dead-lettered for it.
 */
export const MAX_LOGGED_TEXT_CHARS = 8_000;

function clampLoggedText(text: string): string {
  return text.length <= MAX_LOGGED_TEXT_CHARS ? text : `${text.slice(0, MAX_LOGGED_TEXT_CHARS)} […]`;
}

/** What the citizen "said", for the log: their text, or what they pressed or sent. */
export function questionText(message: InboundMessage): string {
  switch (message.kind) {
    case 'callback':
      return `[button] ${message.callback?.data ?? ''}`.trim();
    case 'unsupported':
      return `[${message.unsupportedKind ?? 'unsupported'}]`;
    case 'follow':
    case 'unfollow':
    case 'withdraw':
      return `[${message.kind}]`;
    default:
      return message.text ?? '';
  }
}

async function acknowledge(sender: ChannelSender, callbackId: string, text: string | undefined, log: Logger) {
  if (!sender.acknowledgeCallback) return;
  try {
    await sender.acknowledgeCallback(callbackId, text);
  } catch (error) {
    // Best effort: a late or refused acknowledgement only leaves a spinner on the phone.
    log.warn('worker.ack_failed', errorFields(error));
  }
}

async function withTyping<T>(
  sender: ChannelSender,
  chatId: string,
  skip: boolean,
  intervalMs: number,
  log: Logger,
  work: () => Promise<T>,
): Promise<T> {
  if (skip || !sender.showTyping) return work();
  const show = () =>
    sender
      .showTyping?.(chatId)
      .catch((error: unknown) => log.debug('worker.typing_failed', errorFields(error)));
  await show();
  const timer = setInterval(() => void show(), intervalMs);
  timer.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Time-sortable turn ids (`20261123T000632123Z-1a2b3c4d`), short enough for callback data. */
export function createTurnIdGenerator(
  clock: Clock,
  random: () => string = () => randomBytes(4).toString('hex'),
) {
  return {
    next: () => `${clock.now().toISOString().replace(/[-:.]/g, '')}-${random()}`,
  };
}

/** Paths where the citizen got a real answer, which we ask them to rate with 👍/👎. */
const RATED_PATHS = new Set(['faq', 'document', 'calculator', 'card', 'fallback']);
export function wantsFeedback(reply: Reply): boolean {
  return reply.askFeedback === true || RATED_PATHS.has(reply.path);
}
