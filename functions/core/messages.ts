/**
 * The channel-agnostic message types. Each channel's payload becomes one
 * InboundMessage at the edge (webhook handler); the core answers with a Reply that each
 * channel sender formats for its own limits (Telegram HTML, Zalo plain text).
 */
import * as z from 'zod';
import type { Decodes } from './schema.js';

/** `web`: the console's "Thử hỏi" panel, answered through the same pipeline as the others. */
export const CHANNELS = ['telegram', 'zalo', 'web', 'cli'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The longest text a channel delivers (Telegram 4,096 characters, Zalo 2,000). Anything longer
 * cannot come from the channel; it is cut at the edge so it always fits a queue message
 * (SQS: 256 KB) and a log item, and is answered like any other message.
 */
export const MAX_INBOUND_TEXT_CHARS = 4_096;

export function clampInboundText(text: string): string {
  return text.length <= MAX_INBOUND_TEXT_CHARS ? text : text.slice(0, MAX_INBOUND_TEXT_CHARS);
}

/**
 * Latest instant a channel's timestamp may name (year 2100). A signed payload with a date
 * past it (or before 1970) is malformed: it is refused with a 400, never turned into a 500 by
 * an invalid Date.
 */
export const LATEST_CHANNEL_TIME_MS = Date.UTC(2100, 0, 1);

const inboundBase = {
  channel: z.enum(CHANNELS),
  /** The channel's own id for this delivery (Telegram update_id, Zalo msg_id…), used for dedupe. */
  messageId: z.string().min(1),
  /** Where to send the reply. Never logged in clear: logs and analytics carry its hash. */
  chatId: z.string().min(1),
  /** ISO timestamp when the channel says the message was sent (or we received it). */
  sentAt: z.string(),
};

/**
 * One message as every channel delivers it, decided by its kind: only a text or a command has
 * text, only a button press has callback data, only an unsupported message says what it was.
 */
export const inboundMessageSchema = z.discriminatedUnion('kind', [
  z.object({ ...inboundBase, kind: z.enum(['text', 'command']), text: z.string() }),
  z.object({
    ...inboundBase,
    kind: z.literal('callback'),
    /** The button's payload, and the channel's id to acknowledge the press. */
    callback: z.object({ id: z.string(), data: z.string() }),
  }),
  z.object({
    ...inboundBase,
    kind: z.literal('unsupported'),
    /** What it was (sticker, image, file, location…). */
    unsupportedKind: z.string(),
  }),
  z.object({ ...inboundBase, kind: z.enum(['follow', 'unfollow', 'withdraw']) }),
]);
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** Where an answer came from; analysts group by this. */
export const ANSWER_PATHS = [
  'faq',
  'document',
  'calculator',
  'slot',
  'card',
  'lockout',
  'greeting',
  'smalltalk',
  'help',
  'fallback',
  'feedback',
  'prompt',
  'clarify',
  'handoff',
  'out_of_scope',
  'ignored',
] as const;
export type AnswerPath = (typeof ANSWER_PATHS)[number];

export interface Citation {
  /** Document title or legal instrument, e.g. "Luật BHXH 41/2024/QH15". */
  readonly document: string;
  /** Article, section heading path, or table name. */
  readonly section?: string;
  /** Date of the document or of the rule's effect (YYYY-MM-DD or free text like "2025"). */
  readonly date?: string;
  /** Place / issuing body, when known. */
  readonly source?: string;
}

export interface ReplyButton {
  readonly label: string;
  /** Payload sent back in a callback, or text to send as if typed. */
  readonly data: string;
}

export interface Reply {
  /** Plain Vietnamese text with diacritics; channel senders escape/format it. */
  readonly text: string;
  readonly intent: string;
  readonly path: AnswerPath;
  readonly citations: readonly Citation[];
  /** Topic buttons (e.g. after /start). */
  readonly buttons?: readonly ReplyButton[];
  /** Whether the sender attaches 👍/👎 feedback buttons for this turn. */
  readonly askFeedback?: boolean;
  /** The date the figures or rules in this reply apply to (YYYY-MM-DD). */
  readonly asOf?: string;
  /** The language model's part in this reply, when it was called (kept for the turn log). */
  readonly llm?: LlmTurnUsage;
}

/** What one turn's language-model calls cost and whether their text was used. */
export interface LlmTurnUsage {
  readonly model: string;
  /** `id@version` of the answer prompt (or of the rewrite prompt when only it ran). */
  readonly promptVersion: string;
  readonly outcome: 'used' | 'fallback';
  /** Why the extractive reply was sent instead: an LlmFailure, a model status, or `gate:<check>`. */
  readonly fallbackReason?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
}

export const llmTurnUsageSchema = z.object({
  model: z.string(),
  promptVersion: z.string(),
  outcome: z.enum(['used', 'fallback']),
  fallbackReason: z.string().optional(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  costUsd: z.number().optional(),
});
true satisfies Decodes<typeof llmTurnUsageSchema, LlmTurnUsage>;

/** A reply as stored (the worker's progress record keeps it between attempts), decoded on read. */
export const citationSchema = z.object({
  document: z.string(),
  section: z.string().optional(),
  date: z.string().optional(),
  source: z.string().optional(),
});
true satisfies Decodes<typeof citationSchema, Citation>;

export const replyButtonSchema = z.object({ label: z.string(), data: z.string() });
true satisfies Decodes<typeof replyButtonSchema, ReplyButton>;

export const replySchema = z.object({
  text: z.string(),
  intent: z.string(),
  path: z.enum(ANSWER_PATHS),
  citations: z.array(citationSchema).readonly(),
  buttons: z.array(replyButtonSchema).readonly().optional(),
  askFeedback: z.boolean().optional(),
  asOf: z.string().optional(),
  llm: llmTurnUsageSchema.optional(),
});
true satisfies Decodes<typeof replySchema, Reply>;

/** The labels of the feedback buttons, the same on every channel. */
export const FEEDBACK_UP_LABEL = '👍 Hữu ích';
export const FEEDBACK_DOWN_LABEL = '👎 Chưa đúng';

/** Callback payloads for feedback buttons: `fb:up:<turnId>` / `fb:down:<turnId>`. */
export const FEEDBACK_PREFIX = 'fb:';
export function feedbackData(vote: 'up' | 'down', turnId: string): string {
  return `${FEEDBACK_PREFIX}${vote}:${turnId}`;
}
export function parseFeedbackData(data: string): { vote: 'up' | 'down'; turnId: string } | undefined {
  const match = /^fb:(up|down):(.+)$/.exec(data);
  if (!match?.[1] || !match[2]) return undefined;
  return { vote: match[1] as 'up' | 'down', turnId: match[2] };
}

/**
 * Callback payload of a FAQ item offered in a "which one did you mean" reply: `faq:<id>`.
 * Item ids are short ASCII slugs, well inside Telegram's 64-byte callback limit.
 */
export const FAQ_CHOICE_PREFIX = 'faq:';
export function faqChoiceData(itemId: string): string {
  return `${FAQ_CHOICE_PREFIX}${itemId}`;
}
export function parseFaqChoice(data: string): string | undefined {
  return /^faq:([a-z0-9][a-z0-9-]{0,59})$/.exec(data.trim())?.[1];
}
