/**
 * The interfaces the core needs from the outside world. Adapters (DynamoDB, queues,
 * channel clients) implement them; handlers wire them in. The core never imports an
 * adapter, so every use case runs in unit tests with the in-memory versions.
 */

import * as z from 'zod';
import type { CardRecord } from './cards/card.js';
import type { FaqDraft, FaqItem } from './knowledge/faq.js';
import type { Channel, Citation, LlmTurnUsage } from './messages.js';
import type { Decodes } from './schema.js';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/** Keyed one-way hash (HMAC) for identifiers that must be correlated but never shown. */
export type Hasher = (value: string) => string;

/**
 * Authenticated encryption for a value a session must keep between two turns but never in
 * clear (the BHXH code awaiting its date of birth). `context` (the session key) is bound to
 * the sealed value, so it opens only in the session that sealed it. `open` returns undefined
 * for anything it cannot open (another key, another session, tampering).
 */
export interface SessionSealer {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string | undefined;
}

/** A slot dialogue in progress: which skill asked, what it has, what it waits for. */
export interface PendingSlot {
  readonly skill: string;
  readonly awaiting: string;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly askedAt: string;
  /**
   * A question the citizen may simply pass over ("which one did you mean?"): a new question
   * drops it without the "I paused your previous question" notice.
   */
  readonly optional?: boolean;
}

export interface Session {
  /** `<channel>:<hashed chat id>` */
  readonly key: string;
  readonly pending?: PendingSlot;
  /** Id of the last answered turn, so feedback and follow-ups can refer to it. */
  readonly lastTurnId?: string;
  /**
   * The last calculation answered (its skill and the slots it used), so "còn 5 triệu thì sao?"
   * re-runs it with the change, or the last FAQ item answered (its id), so "còn nam thì sao?"
   * is read with it. Dropped after FOLLOW_UP_MINUTES.
   */
  readonly lastAnswer?: CompletedAnswer;
  /**
   * The previous question, redacted, kept only while the optional language model rewrites
   * follow-ups ("còn hộ cận nghèo thì sao?") into standalone questions.
   */
  readonly lastQuestion?: RememberedQuestion;
  readonly updatedAt: string;
}

export interface RememberedQuestion {
  readonly text: string;
  readonly askedAt: string;
}

export interface CompletedAnswer {
  readonly skill: string;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly answeredAt: string;
}

/**
 * Sessions are stored JSON read back from a database (perhaps written by another version):
 * the stores decode them with these schemas instead of casting, and treat what does not
 * decode as no session. What each skill keeps in `slots` is decoded by the skill
 * (core/dialogue/slots.ts).
 */
const slotsSchema = z.record(z.string(), z.unknown());

export const pendingSlotSchema = z.object({
  skill: z.string(),
  awaiting: z.string(),
  slots: slotsSchema,
  askedAt: z.string(),
  optional: z.boolean().optional(),
});
true satisfies Decodes<typeof pendingSlotSchema, PendingSlot>;

export const completedAnswerSchema = z.object({
  skill: z.string(),
  slots: slotsSchema,
  answeredAt: z.string(),
});
true satisfies Decodes<typeof completedAnswerSchema, CompletedAnswer>;

export const sessionSchema = z.object({
  key: z.string(),
  pending: pendingSlotSchema.optional(),
  lastTurnId: z.string().optional(),
  lastAnswer: completedAnswerSchema.optional(),
  lastQuestion: z.object({ text: z.string(), askedAt: z.string() }).optional(),
  updatedAt: z.string(),
});
true satisfies Decodes<typeof sessionSchema, Session>;

export interface SessionStore {
  get(key: string): Promise<Session | undefined>;
  put(session: Session): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The result of asking for one attempt under a limit. */
export interface AttemptGrant {
  /** False when the window already holds `limit` attempts: the attempt must not be made. */
  readonly allowed: boolean;
  /** Attempts in the window, this one included when allowed. */
  readonly count: number;
}

/**
 * Fixed-window counter for abuse limits (card look-ups, and every limit added later).
 * An attempt is counted *before* the thing it guards is tried, in one atomic step that
 * refuses past the limit, so callers racing on one key never get more than `limit` grants
 * between them. Reading the count first and counting afterwards lets a burst through.
 */
export interface RateCounter {
  /** Current count in the window without changing it. */
  peek(key: string): Promise<number>;
  /** Count one attempt unless the window already holds `limit`; the window opens at the first. */
  take(key: string, limit: number, windowSeconds: number): Promise<AttemptGrant>;
  /** Give back an attempt that turned out not to count (a successful look-up is not a failure). */
  giveBack(key: string): Promise<void>;
}

/** One answered turn, already redacted: this is what analysts see. */
export interface TurnRecord {
  readonly turnId: string;
  readonly channel: Channel;
  readonly chatHash: string;
  readonly at: string;
  readonly question: string;
  readonly answer: string;
  readonly intent: string;
  readonly path: string;
  readonly citations: readonly Citation[];
  readonly latencyMs: number;
  readonly feedback?: 'up' | 'down';
  /** Set on every turn where the language model was called (functions/core/llm). */
  readonly llm?: LlmTurnUsage;
}

/** Why a language-model call gave no usable text; the adapter never throws into the core. */
export const LLM_FAILURES = [
  'timeout',
  'rate_limited',
  'server_error',
  'auth',
  'bad_request',
  'truncated',
  'content_filter',
  'malformed',
  'circuit_open',
] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

export interface LlmMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LlmRequest {
  readonly purpose: 'answer' | 'rewrite';
  readonly messages: readonly LlmMessage[];
  readonly maxOutputTokens: number;
  /** The reply's JSON schema (sent strict where the server supports it). */
  readonly jsonSchema: { readonly name: string; readonly schema: Readonly<Record<string, unknown>> };
  /** A pseudonymous, stable id of the citizen (the hashed chat id), never the chat id. */
  readonly safetyIdentifier?: string;
}

export interface LlmTokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cached: number;
}

export type LlmResult =
  | {
      readonly ok: true;
      readonly text: string;
      readonly model: string;
      readonly usage?: LlmTokenUsage;
      readonly ms: number;
    }
  | { readonly ok: false; readonly reason: LlmFailure; readonly ms: number; readonly usage?: LlmTokenUsage };

/**
 * A chat-completion model (any OpenAI-compatible server). Never throws: every error, timeout,
 * refusal or truncation is a failure reason, and the caller answers without the model.
 */
export interface LlmPort {
  complete(request: LlmRequest, deadline: { readonly signal: AbortSignal }): Promise<LlmResult>;
}

/** Embedding vectors for texts, in order, or why there are none. */
export type EmbeddingResult =
  | { readonly ok: true; readonly vectors: readonly (readonly number[])[] }
  | { readonly ok: false; readonly reason: LlmFailure };

/**
 * An embedding model (any OpenAI-compatible server). Never throws: a failure is a reason and
 * the caller ranks by words alone. Texts must already be redacted.
 */
export interface EmbeddingPort {
  /** The model name stored beside the vectors: vectors of another model are never compared. */
  readonly model: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingResult>;
}

export type { LlmTurnUsage } from './messages.js';

export interface ConversationLog {
  append(turn: TurnRecord): Promise<void>;
  recordFeedback(chatHash: string, turnId: string, vote: 'up' | 'down'): Promise<boolean>;
  deleteChat(chatHash: string): Promise<number>;
}

/** Cards repository. Implemented over DynamoDB (cards table) and in memory. */
export interface CardStore {
  get(bhxhCode: string): Promise<CardRecord | undefined>;
  /** Every stored card among the codes (missing codes are simply absent from the map). */
  getMany(bhxhCodes: readonly string[]): Promise<Map<string, CardRecord>>;
  /** Upsert; implementations write in batches and retry what the store did not process. */
  putMany(records: readonly CardRecord[]): Promise<void>;
}

export interface FaqSaveOptions {
  /** Kept with the version (history shows it). */
  readonly changeNote?: string;
}

/** Storage of FAQ items; every save keeps the previous version. */
export interface FaqStore {
  get(id: string): Promise<FaqItem | undefined>;
  list(): Promise<FaqItem[]>;
  /**
   * Save a new version. `expectedVersion` (the version the editor started from, 0 for a new
   * item) guards against overwriting a concurrent edit.
   */
  save(draft: FaqDraft, actor: string, expectedVersion: number, options?: FaqSaveOptions): Promise<FaqItem>;
  /** Every version, newest first, each with its change note. */
  history(id: string): Promise<FaqItem[]>;
  /**
   * What citizens are served: per item, its latest published version, unless a later version
   * unpublished it. A draft saved over a published item leaves the published one live until
   * the draft is published in turn.
   */
  listLive(): Promise<FaqItem[]>;
}

/** Published FAQ items (the app layer caches the store behind this). */
export interface FaqSource {
  items(): Promise<readonly FaqItem[]>;
}
