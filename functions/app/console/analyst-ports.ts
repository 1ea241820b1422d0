/**
 * The analyst workspace's ports: reading the conversation log (by day, by gap, by chat), the
 * stored daily roll-ups, analysts' notes on turns, the state of gap clusters and the
 * suggestion queue. Implemented over DynamoDB (functions/adapters/dynamodb/) and in memory
 * (functions/adapters/memory/), held to the same contract suite (tests/contract/).
 *
 * Everything read here is the redacted log; nothing identifying is stored to begin with.
 */
import type { ChannelStats } from '../../core/analytics/rollup.js';
import type { TurnRecord } from '../../core/ports.js';

/** An analyst's tag on a turn: who added it may remove it (editors and admins any). */
export interface TurnTag {
  readonly tag: string;
  readonly by: string;
  readonly at: string;
}

export interface TurnNotes {
  readonly tags?: readonly TurnTag[];
  readonly reviewedBy?: string;
  readonly reviewedAt?: string;
  /** 👎 on an answer that was right: the person disliked the rule. Counted apart from quality. */
  readonly ruleDislikedBy?: string;
}

/** A turn as stored: the record, its Vietnam day and the analysts' notes. */
export type LoggedTurn = TurnRecord & { readonly day: string; readonly notes?: TurnNotes };

export interface TurnPage {
  readonly turns: readonly LoggedTurn[];
  /** Opaque; pass back for the next page. Absent on the last page. */
  readonly cursor?: string;
}

export interface StoredRollup {
  readonly version: number;
  readonly day: string;
  readonly byChannel: ChannelStats;
  readonly computedAt: string;
}

/** Reading the conversation log for analysts. Every listing is newest first. */
export interface ConversationArchive {
  /** One Vietnam day's turns (byDay index), a page at a time. */
  dayTurns(day: string, options?: { readonly cursor?: string; readonly limit?: number }): Promise<TurnPage>;
  /** One day's turns with only the fields a roll-up reads (faster), all of them. */
  dayTurnsForRollup(day: string): Promise<LoggedTurn[]>;
  /** One day's gap turns (sparse byGap index: fallback, clarify, 👎). */
  gapTurns(day: string): Promise<LoggedTurn[]>;
  /** One chat's turns, newest first, a page at a time. */
  chatTurns(
    chatHash: string,
    options?: { readonly cursor?: string; readonly limit?: number },
  ): Promise<TurnPage>;
  /** The turn right after `turnId` in its chat (did a clarification get resolved?). */
  nextTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined>;
  getTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined>;
  /** Replaces the notes of an existing turn; false when there is no such turn. */
  saveNotes(chatHash: string, turnId: string, notes: TurnNotes): Promise<boolean>;
  getRollup(day: string): Promise<StoredRollup | undefined>;
  putRollup(rollup: StoredRollup): Promise<void>;
}

export type GapStatus = 'new' | 'in-progress' | 'has-faq' | 'ignored';

/** What analysts decided about a gap cluster, by its key (it survives recomputation). */
export interface GapState {
  readonly key: string;
  readonly ignored?: { readonly reason: string; readonly by: string; readonly at: string };
  /** The FAQ item made from (or given) this cluster's questions. */
  readonly faqId?: string;
  /** Groups (exact-question keys) placed in this cluster by hand: a merge or a split. */
  readonly pinned?: readonly string[];
  /** Where this cluster's questions went (merged) or came from (split). */
  readonly mergedInto?: string;
  readonly splitFrom?: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export const SUGGESTION_STATUSES = ['waiting', 'in-progress', 'published', 'declined'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** A draft FAQ (or a change) proposed from a gap or a 👎, waiting for an editor. */
export interface Suggestion {
  readonly id: string;
  readonly origin: 'gap' | 'feedback';
  /** The gap cluster's key, or `<chatHash>/<turnId>` of the 👎 turn. */
  readonly source: string;
  readonly title: string;
  readonly note?: string;
  /** The FAQ draft it made or names. */
  readonly faqId?: string;
  /** Distinct questions that back it (redacted). */
  readonly evidence: readonly string[];
  readonly status: SuggestionStatus;
  readonly reason?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** Gap-cluster states and suggestions (the content table, beside the FAQ items). */
export interface AnalystStore {
  gapStates(): Promise<GapState[]>;
  getGapState(key: string): Promise<GapState | undefined>;
  putGapState(state: GapState): Promise<void>;
  suggestions(): Promise<Suggestion[]>;
  getSuggestion(id: string): Promise<Suggestion | undefined>;
  putSuggestion(suggestion: Suggestion): Promise<void>;
}
