/**
 * The analyst workspace's reading side: the overview (tiles, daily series, rankings), the
 * turn list with its filters and accent-insensitive search, one chat's thread, analysts'
 * notes on turns, 👎 grouped by the source that answered, and the CSV export.
 *
 * Days are Vietnam dates. A closed day's roll-up is computed on its first read and stored
 * (`STATS#<day>`); today is always computed live. Nothing here needs DynamoDB Streams or
 * transactions, so it runs the same on dynalite (`npm start`) and in AWS.
 */
import {
  ANSWERED_PATHS,
  type DayStats,
  DONT_KNOW_PATH,
  faqIdOf,
  HANDOFF_PATH,
  latencyQuantile,
  mergeStats,
  ROLLUP_VERSION,
  rollUp,
  statsFor,
} from '../../core/analytics/rollup.js';
import { isCardTurn, redactCardTurn } from '../../core/cards/redact.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import { writeCsv } from '../../core/knowledge/faq-file.js';
import type { Clock } from '../../core/ports.js';
import { redactIdentifiers } from '../../core/privacy/redact.js';
import { defaultAnalyzer, type VietnameseAnalyzer } from '../../core/text/analyze.js';
import type { ConversationArchive, LoggedTurn, TurnNotes } from './analyst-ports.js';
import { recordAudit } from './audit.js';
import type { Actor, AuditLog, ExportFile } from './contracts.js';

/** Longest range the overview reads (its previous period doubles it). */
export const MAX_SUMMARY_DAYS = 92;
/** Text search and the turn list read at most this many days (the byDay index, day by day). */
export const MAX_SEARCH_DAYS = 31;
export const MAX_PAGE = 200;
/** Rows of one CSV export (a larger one is refused with the count: narrow the filter). */
export const EXPORT_CAP = 5_000;

export class AnalyticsRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyticsRangeError';
  }
}

export class TurnNotFoundError extends Error {
  constructor() {
    super('turn not found');
    this.name = 'TurnNotFoundError';
  }
}

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

export interface SummaryQuery extends DateRange {
  readonly channel?: string;
  /** False: no `topGaps` (the console loads them apart, so tiles and charts do not wait). */
  readonly withGaps?: boolean;
}

export interface TurnFilters extends DateRange {
  readonly channel?: string;
  readonly intent?: string;
  readonly path?: string;
  readonly feedback?: 'up' | 'down' | 'none';
  readonly handoff?: boolean;
  readonly minLatencyMs?: number;
  readonly reviewed?: boolean;
  readonly tag?: string;
  readonly hasCitation?: boolean;
  /** Accent-insensitive: every word must be in the question or the answer. */
  readonly q?: string;
}

export interface TurnListQuery extends TurnFilters {
  readonly cursor?: string;
  readonly limit?: number;
}

export interface NoteChange {
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly reviewed?: boolean;
  readonly ruleDisliked?: boolean;
}

export interface AnalyticsDeps {
  readonly archive: ConversationArchive;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly analyzer?: VietnameseAnalyzer;
  /** The top gap clusters of a range, for the overview (the gap use cases). */
  readonly topGaps?: (range: DateRange) => Promise<readonly unknown[]>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every day from `from` to `to` inclusive. */
export function daysOf(range: DateRange, max: number): string[] {
  if (!DAY.test(range.from) || !DAY.test(range.to)) throw new AnalyticsRangeError('dates must be YYYY-MM-DD');
  if (range.from > range.to) throw new AnalyticsRangeError('"from" is after "to"');
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    days.push(day);
    if (days.length > max) throw new AnalyticsRangeError(`at most ${max} days`);
  }
  return days;
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** Run `work` over the items, at most `width` at a time, results in order. */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

const ruleDisliked = (turn: LoggedTurn) => turn.notes?.ruleDislikedBy !== undefined;

export function createAnalytics(deps: AnalyticsDeps) {
  const analyzer = deps.analyzer ?? defaultAnalyzer();
  const today = () => vietnamDate(deps.clock.now());

  /** One day's roll-up per channel: stored once the day is closed, live for today. */
  async function dayStats(day: string) {
    const current = today();
    if (day > current) return {};
    if (day < current) {
      const stored = await deps.archive.getRollup(day);
      if (stored && stored.version === ROLLUP_VERSION) return stored.byChannel;
    }
    const turns = await deps.archive.dayTurnsForRollup(day);
    const byChannel = rollUp(turns.map((turn) => ({ ...turn, ruleDisliked: ruleDisliked(turn) })));
    if (day < current)
      await deps.archive.putRollup({
        version: ROLLUP_VERSION,
        day,
        byChannel,
        computedAt: deps.clock.now().toISOString(),
      });
    return byChannel;
  }

  async function rangeStats(days: readonly string[], channel: string | undefined): Promise<DayStats[]> {
    const perDay = await inBatches(days, 4, dayStats);
    return perDay.map((byChannel) => statsFor(byChannel, channel));
  }

  function tiles(stats: DayStats) {
    const share = (count: number) => (stats.turns === 0 ? 0 : count / stats.turns);
    const rated = stats.up + stats.down;
    return {
      turns: stats.turns,
      chats: stats.chats.length,
      answered: Object.fromEntries(ANSWERED_PATHS.map((path) => [path, share(stats.paths[path] ?? 0)])),
      dontKnow: share(stats.paths[DONT_KNOW_PATH] ?? 0),
      handoff: stats.paths[HANDOFF_PATH] ?? 0,
      up: stats.up,
      down: stats.down,
      downShare: rated === 0 ? 0 : stats.down / rated,
      ruleDisliked: stats.ruleDisliked,
      latencyP50: latencyQuantile(stats.latency, 0.5),
      latencyP95: latencyQuantile(stats.latency, 0.95),
    };
  }

  const ranked = (counts: Readonly<Record<string, number>>, limit = 10) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([key, count]) => ({ key, count }));

  const wordsOf = (text: string) => new Set(analyzer.tokens(text, 'query').map((token) => token.folded));

  function matcher(filters: TurnFilters): (turn: LoggedTurn) => boolean {
    const wanted = filters.q ? [...wordsOf(filters.q)] : [];
    return (turn) => {
      if (filters.channel && turn.channel !== filters.channel) return false;
      if (filters.intent && turn.intent !== filters.intent) return false;
      if (filters.path && turn.path !== filters.path) return false;
      if (
        filters.feedback === 'none'
          ? turn.feedback !== undefined
          : filters.feedback && turn.feedback !== filters.feedback
      )
        return false;
      if (filters.handoff !== undefined && (turn.path === HANDOFF_PATH) !== filters.handoff) return false;
      if (filters.minLatencyMs !== undefined && turn.latencyMs < filters.minLatencyMs) return false;
      if (filters.reviewed !== undefined && (turn.notes?.reviewedBy !== undefined) !== filters.reviewed)
        return false;
      if (filters.tag && !turn.notes?.tags?.some((tag) => tag.tag === filters.tag)) return false;
      if (filters.hasCitation !== undefined && turn.citations.length > 0 !== filters.hasCitation)
        return false;
      if (wanted.length > 0) {
        const words = wordsOf(`${turn.question} | ${turn.answer}`);
        if (!wanted.every((word) => words.has(word))) return false;
      }
      return true;
    };
  }

  interface Position {
    readonly day: string;
    readonly cursor?: string;
    readonly skip: number;
  }

  const encodePosition = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');
  function decodePosition(cursor: string | undefined, days: readonly string[]): Position | undefined {
    if (!cursor) return undefined;
    try {
      const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
      if (!days.includes(value.day) || typeof value.skip !== 'number') throw new Error('bad');
      return value;
    } catch {
      throw new AnalyticsRangeError('invalid cursor');
    }
  }

  /** Matching turns, newest first, from where `cursor` left off; a cursor when there may be more. */
  async function listTurns(query: TurnListQuery): Promise<{ turns: LoggedTurn[]; cursor?: string }> {
    const days = daysOf(query, MAX_SEARCH_DAYS).reverse();
    const limit = Math.min(query.limit ?? 50, MAX_PAGE);
    const matches = matcher(query);
    const found: LoggedTurn[] = [];
    const start = decodePosition(query.cursor, days);
    for (let index = start ? days.indexOf(start.day) : 0; index < days.length; index++) {
      const day = days[index] as string;
      let pageCursor = start?.day === day ? start.cursor : undefined;
      let skip = start?.day === day ? start.skip : 0;
      for (;;) {
        const page = await deps.archive.dayTurns(day, {
          limit: 200,
          ...(pageCursor ? { cursor: pageCursor } : {}),
        });
        const turns = page.turns;
        for (let position = skip; position < turns.length; position++) {
          const turn = turns[position] as LoggedTurn;
          if (!matches(turn)) continue;
          found.push(turn);
          if (found.length === limit) {
            const more = position + 1 < turns.length || page.cursor !== undefined || index + 1 < days.length;
            if (!more) return { turns: found };
            const next: Position =
              position + 1 < turns.length
                ? { day, ...(pageCursor ? { cursor: pageCursor } : {}), skip: position + 1 }
                : page.cursor
                  ? { day, cursor: page.cursor, skip: 0 }
                  : { day: days[index + 1] as string, skip: 0 };
            return { turns: found, cursor: encodePosition(next) };
          }
        }
        if (!page.cursor) break;
        pageCursor = page.cursor;
        skip = 0;
      }
    }
    return { turns: found };
  }

  return {
    async summary(query: SummaryQuery) {
      const days = daysOf(query, MAX_SUMMARY_DAYS);
      const previousDays = days.map((day) => addDays(day, -days.length));
      const [current, previous, topGaps] = await Promise.all([
        rangeStats(days, query.channel),
        rangeStats(previousDays, query.channel),
        deps.topGaps && query.withGaps !== false ? deps.topGaps(query) : Promise.resolve([]),
      ]);
      const total = mergeStats(current);
      const before = mergeStats(previous);
      const paths = new Set(current.flatMap((stats) => Object.keys(stats.paths)));
      const percent = (part: number, whole: number) =>
        whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
      const rated = (stats: DayStats) => stats.up + stats.down;
      return {
        from: query.from,
        to: query.to,
        ...(query.channel ? { channel: query.channel } : {}),
        // The range's gap turns (every channel), clustered; see gaps.ts.
        previous: { from: previousDays[0], to: previousDays.at(-1) },
        today: today(),
        tiles: tiles(total),
        previousTiles: tiles(before),
        series: {
          days,
          byPath: Object.fromEntries(
            [...paths].sort().map((path) => [path, current.map((stats) => stats.paths[path] ?? 0)]),
          ),
          dontKnowPercent: current.map((stats) => percent(stats.paths[DONT_KNOW_PATH] ?? 0, stats.turns)),
          downPercent: current.map((stats) => percent(stats.down, rated(stats))),
        },
        topIntents: ranked(total.intents),
        topFaq: ranked(total.faqServed),
        faqByDown: ranked(total.faqDown),
        topGaps: topGaps.slice(0, 10),
        llm: {
          used: total.llm.used,
          fallbacks: total.llm.fallbacks,
          costUsd: Math.round(total.llm.costUsd * 10_000) / 10_000,
          costPer1000Messages:
            total.turns === 0 ? 0 : Math.round((total.llm.costUsd / total.turns) * 1000 * 10_000) / 10_000,
        },
      };
    },

    listTurns,

    /** One chat, newest first. */
    thread: (chatHash: string, cursor?: string) =>
      deps.archive.chatTurns(chatHash, { limit: 20, ...(cursor ? { cursor } : {}) }),

    /** Tags and marks on a turn. Analysts change only what they added; editors and admins anything. */
    async annotate(chatHash: string, turnId: string, change: NoteChange, actor: Actor): Promise<TurnNotes> {
      const turn = await deps.archive.getTurn(chatHash, turnId);
      if (!turn) throw new TurnNotFoundError();
      const anyone = actor.roles.includes('editor') || actor.roles.includes('admin');
      const at = deps.clock.now().toISOString();
      const notes = turn.notes ?? {};
      const mine = (by: string | undefined) => by === undefined || by === actor.email || anyone;
      let tags = [...(notes.tags ?? [])];
      for (const tag of change.removeTags ?? []) tags = tags.filter((t) => t.tag !== tag || !mine(t.by));
      for (const tag of change.addTags ?? [])
        if (!tags.some((t) => t.tag === tag)) tags.push({ tag, by: actor.email, at });
      const next: {
        tags?: TurnNotes['tags'];
        reviewedBy?: string;
        reviewedAt?: string;
        ruleDislikedBy?: string;
      } = { ...notes, tags };
      if (change.reviewed === true && next.reviewedBy === undefined) {
        next.reviewedBy = actor.email;
        next.reviewedAt = at;
      }
      if (change.reviewed === false && mine(next.reviewedBy)) {
        delete next.reviewedBy;
        delete next.reviewedAt;
      }
      if (change.ruleDisliked === true && next.ruleDislikedBy === undefined)
        next.ruleDislikedBy = actor.email;
      if (change.ruleDisliked === false && mine(next.ruleDislikedBy)) delete next.ruleDislikedBy;
      if (next.tags?.length === 0) delete next.tags;
      if (!(await deps.archive.saveNotes(chatHash, turnId, next))) throw new TurnNotFoundError();
      return next;
    },

    /** 👎 of a range grouped by what answered: an FAQ item, a document section, a calculator. */
    async downFeedback(query: SummaryQuery) {
      const days = daysOf(query, MAX_SUMMARY_DAYS);
      const perDay = await inBatches(days, 4, (day) => deps.archive.gapTurns(day));
      const groups = new Map<
        string,
        {
          source: string;
          kind: string;
          label: string;
          count: number;
          ruleDisliked: number;
          turns: LoggedTurn[];
        }
      >();
      for (const turn of perDay.flat()) {
        if (turn.feedback !== 'down' || (query.channel && turn.channel !== query.channel)) continue;
        const { source, kind, label } = answeringSource(turn);
        const group = groups.get(source) ?? { source, kind, label, count: 0, ruleDisliked: 0, turns: [] };
        if (ruleDisliked(turn)) group.ruleDisliked++;
        else group.count++;
        group.turns.push(turn);
        groups.set(source, group);
      }
      return [...groups.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source));
    },

    /** The turns of a filter as CSV (UTF-8 BOM, formula-safe), redacted again, audited. */
    async exportTurns(filters: TurnFilters, actor: Actor): Promise<ExportFile & { rows: number }> {
      const rows: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listTurns({ ...filters, limit: MAX_PAGE, ...(cursor ? { cursor } : {}) });
        for (const turn of page.turns) rows.push(exportRow(turn));
        if (rows.length > EXPORT_CAP)
          throw new AnalyticsRangeError(`more than ${EXPORT_CAP} turns: narrow the filter`);
        cursor = page.cursor;
      } while (cursor);
      const now = deps.clock.now();
      const stamp = vietnamTime(now);
      await recordAudit(deps.audit, now, actor, 'turns-export', `turns:${filters.from}..${filters.to}`, {
        rows: rows.length,
        filters: Object.fromEntries(Object.entries(filters).filter(([key]) => key !== 'q')),
        ...(filters.q ? { search: true } : {}),
      });
      const body = writeCsv([
        ['Xuất bởi', actor.email, 'Lúc (giờ Việt Nam)', stamp],
        ['Khoảng ngày', `${filters.from} → ${filters.to}`, 'Số dòng', String(rows.length)],
        [],
        EXPORT_HEADER,
        ...rows,
      ]);
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `hoi-thoai-${filters.from}-${filters.to}.csv`,
        body,
        rows: rows.length,
      };
    },
  };
}

export type Analytics = ReturnType<typeof createAnalytics>;

/** What answered a turn, for grouping 👎: the FAQ item, the document and section, or the skill. */
export function answeringSource(turn: Pick<LoggedTurn, 'path' | 'intent' | 'citations'>): {
  source: string;
  kind: 'faq' | 'document' | 'skill';
  label: string;
} {
  const faqId = faqIdOf(turn);
  if (faqId) return { source: `faq:${faqId}`, kind: 'faq', label: faqId };
  const citation = turn.citations[0];
  if (turn.path === 'document' && citation) {
    const label = [citation.document, citation.section].filter(Boolean).join(' § ');
    return { source: `document:${label}`, kind: 'document', label };
  }
  return { source: `${turn.path}:${turn.intent}`, kind: 'skill', label: turn.intent };
}

export const EXPORT_HEADER = [
  'thời điểm',
  'kênh',
  'cuộc trò chuyện (mã băm)',
  'lượt',
  'câu hỏi',
  'trả lời',
  'ý định',
  'nhánh',
  'nguồn',
  'phản hồi',
  'độ trễ (ms)',
];

/** One CSV row; question and answer pass the redactor again (what was logged before a fix). */
function exportRow(turn: LoggedTurn): string[] {
  const answer = isCardTurn(turn.intent) ? redactCardTurn(turn.answer) : redactIdentifiers(turn.answer);
  return [
    vietnamTime(new Date(turn.at)),
    turn.channel,
    turn.chatHash,
    turn.turnId,
    redactCardTurn(turn.question),
    answer,
    turn.intent,
    turn.path,
    answeringSource(turn).label,
    turn.feedback ?? '',
    String(turn.latencyMs),
  ];
}

/** `dd/mm/yyyy hh:mm` in Vietnam time. */
export function vietnamTime(date: Date): string {
  if (!Number.isFinite(date.getTime())) return '';
  const local = new Date(date.getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}
