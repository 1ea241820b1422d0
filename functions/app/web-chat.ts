/**
 * The console's web chat ("Thử hỏi"): a staff member's message goes through the same
 * pipeline as a citizen's on Telegram or Zalo — dedupe, queue, worker, session, skills,
 * redacted conversation log — on the channel `web`. The worker's web sender files each reply
 * under the message it answers; the API waits for it (the progress record says when the
 * worker is done, also when a message gets no reply) and returns it.
 */

import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  ANSWER_PATHS,
  citationSchema,
  feedbackData,
  type InboundMessage,
  type Reply,
  type ReplyButton,
  replyButtonSchema,
} from '../core/messages.js';
import type { Clock, Hasher } from '../core/ports.js';
import type { Decodes } from '../core/schema.js';
import { acceptInbound, type IngressDeps } from './pipeline-ingress.js';
import type { ChannelSender, OutgoingMessage, ProgressStore, SendOutcome, WebReplyStore } from './ports.js';

/** What the web chat shows for one reply. */
export interface WebReply {
  readonly text: string;
  readonly path: Reply['path'];
  readonly intent: string;
  readonly citations: Reply['citations'];
  readonly buttons: readonly ReplyButton[];
  readonly asOf?: string;
  /** The turn's id: 👍/👎 name it (`feedback` below). */
  readonly turnId: string;
  /** Whether the reply takes 👍/👎 (the same rule as the other channels' feedback buttons). */
  readonly askFeedback: boolean;
}

/** What the worker filed for one message: the reply, or the acknowledgement of a button press. */
export interface WebAnswer {
  readonly replies: readonly WebReply[];
  readonly acknowledgement?: string;
}

export const webAnswerSchema = z.object({
  replies: z.array(
    z.object({
      text: z.string(),
      path: z.enum(ANSWER_PATHS),
      intent: z.string(),
      citations: z.array(citationSchema),
      buttons: z.array(replyButtonSchema),
      asOf: z.string().optional(),
      turnId: z.string(),
      askFeedback: z.boolean(),
    }),
  ),
  acknowledgement: z.string().optional(),
});
true satisfies Decodes<typeof webAnswerSchema, WebAnswer>;

/** The worker's sender for the channel `web`. */
export class WebSender implements ChannelSender {
  readonly channel = 'web' as const;

  constructor(private readonly store: WebReplyStore) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    if (!message.inReplyTo) return { status: 'undeliverable', reason: 'web reply without its message id' };
    const { reply, turnId } = message;
    await this.store.put(message.chatId, message.inReplyTo, {
      replies: [
        {
          text: reply.text,
          path: reply.path,
          intent: reply.intent,
          citations: reply.citations,
          buttons: reply.buttons ?? [],
          ...(reply.asOf ? { asOf: reply.asOf } : {}),
          turnId,
          askFeedback: reply.askFeedback === true,
        },
      ],
    });
    await message.onPartSent?.(1, 1);
    return { status: 'sent', parts: 1 };
  }

  /** A button press on the web has the message's own id as its callback id. */
  async acknowledgeCallback(callbackId: string, text?: string): Promise<void> {
    const [chatId, messageId] = splitCallbackId(callbackId);
    if (chatId && messageId) {
      await this.store.put(chatId, messageId, { replies: [], ...(text ? { acknowledgement: text } : {}) });
    }
  }
}

/** The callback id carries both keys the store files by: `<chatId> <messageId>` (neither has spaces). */
function callbackIdFor(chatId: string, messageId: string): string {
  return `${chatId} ${messageId}`;
}

function splitCallbackId(callbackId: string): [string | undefined, string | undefined] {
  const [chatId, messageId] = callbackId.split(' ');
  return [chatId, messageId];
}

export type WebChatInput =
  | { readonly conversationId: string; readonly text: string }
  | { readonly conversationId: string; readonly button: string };

/** 👍/👎 on a reply: a button press carrying the turn's feedback data, like on the other channels. */
export function feedbackInput(conversationId: string, vote: 'up' | 'down', turnId: string): WebChatInput {
  return { conversationId, button: feedbackData(vote, turnId) };
}

export type WebChatResult =
  | { readonly status: 'answered'; readonly messageId: string; readonly answer: WebAnswer }
  | { readonly status: 'pending'; readonly messageId: string };

export interface WebChatDeps {
  readonly ingress: IngressDeps;
  readonly replies: WebReplyStore;
  readonly progress: ProgressStore;
  readonly clock: Clock;
  readonly hash: Hasher;
  /** How long the API waits for the worker before answering `pending` (then the UI asks again). */
  readonly waitMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly newId?: () => string;
}

export class WebChatBusyError extends Error {
  constructor() {
    super('the previous message of this conversation is still being accepted');
    this.name = 'WebChatBusyError';
  }
}

/**
 * The chat id of a staff member's conversation: their hashed email and the conversation the
 * browser chose, so two people (or two tabs) never share a session, and no email is stored.
 */
export function webChatId(actorEmail: string, conversationId: string, hash: Hasher): string {
  return `web-${hash(actorEmail.toLowerCase()).slice(0, 16)}-${conversationId}`;
}

export async function sendWebMessage(
  actorEmail: string,
  input: WebChatInput,
  deps: WebChatDeps,
): Promise<WebChatResult> {
  const chatId = webChatId(actorEmail, input.conversationId, deps.hash);
  const messageId = (deps.newId ?? randomUUID)();
  const base = { channel: 'web' as const, messageId, chatId, sentAt: deps.clock.now().toISOString() };
  const message: InboundMessage =
    'text' in input
      ? { ...base, kind: input.text.trim().startsWith('/') ? 'command' : 'text', text: input.text }
      : { ...base, kind: 'callback', callback: { id: callbackIdFor(chatId, messageId), data: input.button } };
  const outcome = await acceptInbound(message, deps.ingress);
  if (outcome === 'retry-later') throw new WebChatBusyError();
  return waitForAnswer(chatId, messageId, deps);
}

/** The answer to a message sent earlier, once the worker is done with it. */
export async function waitForAnswer(
  chatId: string,
  messageId: string,
  deps: Pick<WebChatDeps, 'replies' | 'progress' | 'waitMs' | 'pollMs' | 'sleep'>,
): Promise<WebChatResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const waitMs = deps.waitMs ?? 20_000;
  const pollMs = deps.pollMs ?? 150;
  for (let waited = 0; ; waited += pollMs) {
    const answer = await deps.replies.get(chatId, messageId);
    if (answer) return { status: 'answered', messageId, answer };
    // Done without filing anything: the message got no reply (e.g. a button that needs none).
    const progress = await deps.progress.get('web', messageId);
    if (progress?.done)
      return {
        status: 'answered',
        messageId,
        answer: (await deps.replies.get(chatId, messageId)) ?? { replies: [] },
      };
    if (waited >= waitMs) return { status: 'pending', messageId };
    await sleep(pollMs);
  }
}
