/**
 * Questions the bot could not answer, grouped (core/analytics/cluster.ts), and the one step
 * from a group to a draft FAQ; the suggestion queue that hands drafts to editors.
 *
 * A gap is a "don't know" turn, a clarification the citizen never resolved (the chat's next
 * turn got no answer either) or a 👎 (core/analytics/gaps.ts). Clusters are recomputed on
 * every read from the sparse byGap index; what analysts decide sticks to the cluster's key
 * (AnalystStore): ignored with a reason, the FAQ made from it, groups merged or split by hand.
 * When that FAQ is published the cluster says so, with its "don't know" count before and after.
 *
 * Roles: analysts may create a draft (it is new content nobody serves until an editor
 * publishes it), ignore, merge, split and suggest; adding variants to an existing item and
 * moving a suggestion along are editors' (the route table says so).
 */
import { GapClusterer, type GapQuestion, type QuestionCluster } from '../../core/analytics/cluster.js';
import { gapKindOf, resolvesClarification } from '../../core/analytics/gaps.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import { candidatesFor, FAQ_CONFIDENT, type FaqItem, FaqMatcher } from '../../core/knowledge/faq.js';
import { contentOf } from '../../core/knowledge/faq-edit.js';
import type { Clock, IdGenerator } from '../../core/ports.js';
import { defaultAnalyzer, type VietnameseAnalyzer } from '../../core/text/analyze.js';
import { foldVietnamese } from '../../core/text/fold.js';
import type {
  AnalystStore,
  ConversationArchive,
  GapState,
  GapStatus,
  Suggestion,
  SuggestionStatus,
} from './analyst-ports.js';
import { addDays, type DateRange, daysOf, inBatches, MAX_SUMMARY_DAYS } from './analytics.js';
import { recordAudit } from './audit.js';
import {
  type Actor,
  type AuditLog,
  type FaqAdmin,
  FaqNotFoundError,
  FaqValidationError,
} from './contracts.js';

/** Below FAQ_CONFIDENT but above this, the nearest item is "almost": add the questions as its variants. */
export const ALMOST_SCORE = 0.3;
/** Clarifications checked for a resolution per read (each costs one query). */
const MAX_CLARIFY_CHECKS = 2_000;
/** Variants put into one draft. */
const MAX_DRAFT_VARIANTS = 30;
export const DRAFT_TAG = 'tu-cau-hoi-chua-tra-loi';
export const DRAFT_ANSWER =
  'Chưa có câu trả lời: biên tập viên viết câu trả lời và căn cứ pháp lý trước khi xuất bản.';

export class GapNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no gap cluster ${key} in this range`);
    this.name = 'GapNotFoundError';
  }
}

export class SuggestionNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no suggestion ${id}`);
    this.name = 'SuggestionNotFoundError';
  }
}

export interface GapDeps {
  readonly archive: ConversationArchive;
  readonly store: AnalystStore;
  readonly faq: FaqAdmin;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly analyzer?: VietnameseAnalyzer;
  readonly clusterer?: GapClusterer;
}

export type GapView = Omit<QuestionCluster, 'groupKeys'> & {
  /** Questions per day of the range (a sparkline). */
  readonly daily: readonly number[];
  readonly kinds: Readonly<Record<string, number>>;
  readonly status: GapStatus;
  readonly state?: GapState;
  readonly faq?: {
    readonly id: string;
    readonly version: number;
    readonly status: string;
    readonly updatedAt: string;
  };
  /** For a published FAQ: this cluster's "don't know" turns before and after it went live. */
  readonly dontKnowBeforeAfter?: { readonly before: number; readonly after: number; readonly since: string };
  readonly nearest?: {
    readonly id: string;
    readonly score: number;
    readonly band: 'confident' | 'almost' | 'far';
  };
};

export function createGaps(deps: GapDeps) {
  const analyzer = deps.analyzer ?? defaultAnalyzer();
  const clusterer = deps.clusterer ?? new GapClusterer(analyzer);
  const now = () => deps.clock.now();

  /** The gap turns of a range, with their kind; clarifications resolved by the next turn left out. */
  async function gapQuestions(range: DateRange) {
    const days = daysOf(range, MAX_SUMMARY_DAYS);
    const perDay = await inBatches(days, 4, (day) => deps.archive.gapTurns(day));
    const kinds = new Map<string, string>();
    const candidates = perDay.flat().flatMap((turn) => {
      const kind = gapKindOf(turn);
      return kind && !turn.question.startsWith('[') ? [{ turn, kind }] : [];
    });
    // A clarification counts only when the chat's next turn got no answer either (one query
    // each, a few at a time, at most MAX_CLARIFY_CHECKS per read).
    const clarifications = candidates.filter(({ kind }) => kind === 'clarify').slice(0, MAX_CLARIFY_CHECKS);
    const resolved = new Set<string>();
    await inBatches(clarifications, 8, async ({ turn }) => {
      if (resolvesClarification(await deps.archive.nextTurn(turn.chatHash, turn.turnId)))
        resolved.add(turn.turnId);
    });
    const checked = new Set(clarifications.map(({ turn }) => turn.turnId));
    const questions: GapQuestion[] = [];
    for (const { turn, kind } of candidates) {
      if (kind === 'clarify' && (!checked.has(turn.turnId) || resolved.has(turn.turnId))) continue;
      kinds.set(turn.turnId, kind);
      questions.push({
        id: turn.turnId,
        question: turn.question,
        chatHash: turn.chatHash,
        channel: turn.channel,
        at: turn.at,
      });
    }
    return { days, questions, kinds };
  }

  async function clustersOf(range: DateRange) {
    const [{ days, questions, kinds }, states] = await Promise.all([
      gapQuestions(range),
      deps.store.gapStates(),
    ]);
    const pins = new Map<string, string>();
    for (const state of states) for (const group of state.pinned ?? []) pins.set(group, state.key);
    const clusters = clusterer.cluster(questions, {
      knownKeys: new Set(states.map((state) => state.key)),
      pins,
    });
    return { days, clusters, kinds, states: new Map(states.map((state) => [state.key, state])) };
  }

  async function list(range: DateRange): Promise<GapView[]> {
    const { days, clusters, kinds, states } = await clustersOf(range);
    const items = await deps.faq.list({});
    const today = vietnamDate(now());
    const matcher = new FaqMatcher(candidatesFor(items, today), analyzer);
    const byId = new Map(items.map((item) => [item.id, item]));
    return clusters.map((cluster) => view(cluster, days, kinds, states.get(cluster.key), byId, matcher));
  }

  function view(
    cluster: QuestionCluster,
    days: readonly string[],
    kinds: ReadonlyMap<string, string>,
    state: GapState | undefined,
    items: ReadonlyMap<string, FaqItem>,
    matcher: FaqMatcher,
  ): GapView {
    const dayIndex = new Map(days.map((day, index) => [day, index]));
    const daily = days.map(() => 0);
    const kindCounts: Record<string, number> = {};
    for (const member of cluster.members) {
      const index = dayIndex.get(vietnamDate(new Date(member.at)));
      if (index !== undefined) daily[index] = (daily[index] ?? 0) + 1;
      const kind = kinds.get(member.id) ?? 'dont-know';
      kindCounts[kind] = (kindCounts[kind] ?? 0) + 1;
    }
    const item = state?.faqId ? items.get(state.faqId) : undefined;
    const status: GapStatus = state?.ignored
      ? 'ignored'
      : item?.status === 'published'
        ? 'has-faq'
        : state?.faqId
          ? 'in-progress'
          : 'new';
    const best = matcher.match(cluster.representative, 1)[0];
    const beforeAfter =
      status === 'has-faq' && item
        ? {
            since: item.updatedAt,
            before: cluster.members.filter((m) => kinds.get(m.id) === 'dont-know' && m.at < item.updatedAt)
              .length,
            after: cluster.members.filter((m) => kinds.get(m.id) === 'dont-know' && m.at >= item.updatedAt)
              .length,
          }
        : undefined;
    const { groupKeys: _groups, ...shown } = cluster;
    return {
      ...shown,
      daily,
      kinds: kindCounts,
      status,
      ...(state ? { state } : {}),
      ...(item
        ? { faq: { id: item.id, version: item.version, status: item.status, updatedAt: item.updatedAt } }
        : {}),
      ...(beforeAfter ? { dontKnowBeforeAfter: beforeAfter } : {}),
      ...(best
        ? {
            nearest: {
              id: best.item.id,
              score: Math.round(best.score * 1000) / 1000,
              band: best.score >= FAQ_CONFIDENT ? 'confident' : best.score >= ALMOST_SCORE ? 'almost' : 'far',
            },
          }
        : {}),
    };
  }

  async function find(key: string, range: DateRange) {
    const computed = await clustersOf(range);
    const cluster = computed.clusters.find((candidate) => candidate.key === key);
    if (!cluster) throw new GapNotFoundError(key);
    return { ...computed, cluster };
  }

  async function saveState(
    key: string,
    actor: Actor,
    change: Partial<Omit<GapState, 'key'>>,
  ): Promise<GapState> {
    const existing = await deps.store.getGapState(key);
    const state: GapState = {
      ...(existing ?? {}),
      ...change,
      key,
      updatedBy: actor.email,
      updatedAt: now().toISOString(),
    };
    await deps.store.putGapState(state);
    return state;
  }

  /** Takes groups out of every other cluster's pins (a group is pinned to one cluster only). */
  async function unpin(groups: ReadonlySet<string>, except: string, actor: Actor) {
    for (const state of await deps.store.gapStates()) {
      if (state.key === except || !state.pinned?.some((group) => groups.has(group))) continue;
      await saveState(state.key, actor, { pinned: state.pinned.filter((group) => !groups.has(group)) });
    }
  }

  async function suggest(
    input: Omit<Suggestion, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'updatedBy'>,
    actor: Actor,
  ) {
    const at = now().toISOString();
    const suggestion: Suggestion = {
      ...input,
      id: deps.ids.next(),
      status: 'waiting',
      createdAt: at,
      updatedAt: at,
      updatedBy: actor.email,
    };
    await deps.store.putSuggestion(suggestion);
    await recordAudit(deps.audit, now(), actor, 'suggestion-create', `suggestion:${suggestion.id}`, {
      origin: suggestion.origin,
      ...(suggestion.faqId ? { faqId: suggestion.faqId } : {}),
    });
    return suggestion;
  }

  return {
    list,

    /** A draft FAQ whose variants are the cluster's distinct questions; a suggestion for editors. */
    async draft(key: string, range: DateRange, actor: Actor) {
      const { cluster, states } = await find(key, range);
      const existing = states.get(key)?.faqId;
      if (existing && (await deps.faq.get(existing))) return { faqId: existing, created: false };
      const questions = cluster.variants
        .filter((question) => question.length >= 3)
        .slice(0, MAX_DRAFT_VARIANTS);
      const faqId = `de-xuat-${key}`;
      const item = await deps.faq.create(
        {
          id: faqId,
          questions,
          answer: DRAFT_ANSWER,
          tags: [DRAFT_TAG],
          citations: [],
          effectiveFrom: vietnamDate(now()),
          status: 'draft',
        },
        actor,
        `tạo từ nhóm câu hỏi chưa trả lời "${cluster.label}" (${cluster.questions} câu hỏi)`,
      );
      await saveState(key, actor, { faqId: item.id });
      const suggestion = await suggest(
        {
          origin: 'gap',
          source: key,
          title: cluster.representative,
          faqId: item.id,
          evidence: questions,
          createdBy: actor.email,
        },
        actor,
      );
      await recordAudit(deps.audit, now(), actor, 'gap-draft', `gap:${key}`, {
        faqId: item.id,
        questions: questions.length,
      });
      return { faqId: item.id, suggestionId: suggestion.id, created: true };
    },

    /** The cluster's questions added to an existing item as a new draft version (editors). */
    async addVariants(key: string, faqId: string, range: DateRange, actor: Actor) {
      const { cluster } = await find(key, range);
      const item = await deps.faq.get(faqId);
      if (!item) throw new FaqNotFoundError(faqId);
      const known = new Set(item.questions.map((question) => foldVietnamese(question.toLowerCase()).trim()));
      const added = cluster.variants.filter(
        (question) => question.length >= 3 && !known.has(foldVietnamese(question.toLowerCase()).trim()),
      );
      if (added.length === 0)
        throw new FaqValidationError([{ field: 'questions', message: 'Các câu hỏi đã có trong mục này.' }]);
      const updated = await deps.faq.update(
        faqId,
        { ...contentOf(item), questions: [...item.questions, ...added], status: 'draft' },
        item.version,
        actor,
        `thêm ${added.length} cách hỏi từ nhóm câu hỏi chưa trả lời "${cluster.label}"`,
      );
      await saveState(key, actor, { faqId });
      await recordAudit(deps.audit, now(), actor, 'gap-variants', `gap:${key}`, {
        faqId,
        added: added.length,
      });
      return { faqId, version: updated.version, added };
    },

    async ignore(key: string, reason: string, actor: Actor) {
      const state = await saveState(key, actor, {
        ignored: { reason, by: actor.email, at: now().toISOString() },
      });
      await recordAudit(deps.audit, now(), actor, 'gap-ignore', `gap:${key}`, { reason });
      return state;
    },

    async unignore(key: string, actor: Actor) {
      const existing = await deps.store.getGapState(key);
      if (!existing?.ignored) return existing;
      const { ignored: _ignored, ...rest } = existing;
      const state: GapState = { ...rest, updatedBy: actor.email, updatedAt: now().toISOString() };
      await deps.store.putGapState(state);
      return state;
    },

    /** Every question of `key` goes to `into` from now on (its groups pinned there). */
    async merge(key: string, into: string, range: DateRange, actor: Actor) {
      if (key === into)
        throw new FaqValidationError([{ field: 'into', message: 'Không gộp một nhóm vào chính nó.' }]);
      const { cluster, clusters } = await find(key, range);
      if (!clusters.some((candidate) => candidate.key === into)) throw new GapNotFoundError(into);
      const groups = new Set(cluster.groupKeys);
      await unpin(groups, into, actor);
      const target = await deps.store.getGapState(into);
      await saveState(into, actor, { pinned: [...new Set([...(target?.pinned ?? []), ...groups])] });
      await saveState(key, actor, { mergedInto: into, pinned: [] });
      await recordAudit(deps.audit, now(), actor, 'gap-merge', `gap:${key}`, { into });
      return { key: into };
    },

    /** The chosen members' question groups become a cluster of their own. */
    async split(key: string, memberIds: readonly string[], range: DateRange, actor: Actor) {
      const { cluster } = await find(key, range);
      const chosen = new Set(memberIds);
      const groups = [
        ...new Set(
          cluster.members.filter((member) => chosen.has(member.id)).map((member) => member.groupKey),
        ),
      ];
      const first = groups[0];
      if (!first || groups.length === cluster.groupKeys.length)
        throw new FaqValidationError([
          { field: 'members', message: 'Chọn một phần (không phải tất cả) câu hỏi của nhóm.' },
        ]);
      const newKey = first === key ? (groups.find((group) => group !== key) ?? first) : first;
      await unpin(new Set(groups), newKey, actor);
      await saveState(newKey, actor, { pinned: groups, splitFrom: key });
      await recordAudit(deps.audit, now(), actor, 'gap-split', `gap:${key}`, {
        into: newKey,
        groups: groups.length,
      });
      return { key: newKey };
    },

    /** The queue, newest first; a suggestion whose FAQ is now published reads as published. */
    async suggestions() {
      const [stored, items] = await Promise.all([deps.store.suggestions(), deps.faq.list({})]);
      const byId = new Map(items.map((item) => [item.id, item]));
      return stored
        .map((suggestion) => {
          const item = suggestion.faqId ? byId.get(suggestion.faqId) : undefined;
          const published = item?.status === 'published' && suggestion.status !== 'declined';
          return {
            ...suggestion,
            ...(published ? { status: 'published' as const } : {}),
            ...(item ? { faq: { id: item.id, version: item.version, status: item.status } } : {}),
          };
        })
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    /** An analyst's suggestion from a 👎 (or anything else they read). */
    async suggestFromFeedback(
      input: { source: string; title: string; note?: string; faqId?: string; evidence: readonly string[] },
      actor: Actor,
    ) {
      return suggest({ origin: 'feedback', ...input, createdBy: actor.email }, actor);
    },

    /** Editors move a suggestion along; declining needs a reason, which its author sees. */
    async setSuggestionStatus(
      id: string,
      status: SuggestionStatus,
      reason: string | undefined,
      actor: Actor,
    ) {
      const existing = await deps.store.getSuggestion(id);
      if (!existing) throw new SuggestionNotFoundError(id);
      if (status === 'declined' && !reason?.trim())
        throw new FaqValidationError([{ field: 'reason', message: 'Từ chối cần lý do.' }]);
      const updated: Suggestion = {
        ...existing,
        status,
        ...(reason?.trim() ? { reason: reason.trim() } : {}),
        updatedBy: actor.email,
        updatedAt: now().toISOString(),
      };
      await deps.store.putSuggestion(updated);
      await recordAudit(deps.audit, now(), actor, 'suggestion-status', `suggestion:${id}`, { status });
      return updated;
    },
  };
}

export type Gaps = ReturnType<typeof createGaps>;

/** The default range of gap actions: the last 30 days up to today (Vietnam). */
export function lastDays(clock: Clock, count = 30): DateRange {
  const to = vietnamDate(clock.now());
  return { from: addDays(to, -(count - 1)), to };
}
