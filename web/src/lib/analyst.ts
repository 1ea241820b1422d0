/**
 * Dates, ranges and numbers of the analyst workspace, in Vietnam time whatever the browser's
 * zone (the log's days are Vietnam dates), and the shapes its API answers with.
 */
import type { Citation } from '../types.js';

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Today in Vietnam, YYYY-MM-DD. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

export type Preset = 'today' | 'd7' | 'd30' | 'month';

export function presetRange(preset: Preset, today = vietnamToday()): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'd7':
      return { from: addDays(today, -6), to: today };
    case 'd30':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** dd/mm/yyyy */
export function dayLabel(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function timeLabel(iso: string): string {
  const date = new Date(iso);
  return Number.isFinite(date.getTime()) ? timeFormat.format(date) : iso;
}

const numberFormat = new Intl.NumberFormat('vi-VN');
export const formatNumber = (value: number) => numberFormat.format(value);
export const formatPercent = (share: number) =>
  `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(share * 100)}%`;

/** "+12%" / "−3 điểm"-style change against the previous period; undefined when unchanged. */
export function change(
  current: number,
  previous: number,
  kind: 'count' | 'share' | 'ms',
): string | undefined {
  if (current === previous) return undefined;
  if (kind === 'share') {
    const points = (current - previous) * 100;
    return `${points > 0 ? '+' : '−'}${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(Math.abs(points))} điểm %`;
  }
  if (previous === 0) return `+${formatNumber(current)}`;
  const percent = ((current - previous) / previous) * 100;
  return `${percent > 0 ? '+' : '−'}${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(Math.abs(percent))}%`;
}

export function query(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Tiles {
  readonly turns: number;
  readonly chats: number;
  readonly answered: Readonly<Record<string, number>>;
  readonly dontKnow: number;
  readonly handoff: number;
  readonly up: number;
  readonly down: number;
  readonly downShare: number;
  readonly latencyP50: number;
  readonly latencyP95: number;
}

export interface GapSummary {
  readonly key: string;
  readonly label: string;
  readonly representative: string;
  readonly questions: number;
  readonly chats: number;
  readonly status: string;
  readonly dontKnowBeforeAfter?: { readonly before: number; readonly after: number; readonly since: string };
}

export interface Summary {
  readonly from: string;
  readonly to: string;
  readonly tiles: Tiles;
  readonly previousTiles: Tiles;
  readonly series: {
    readonly days: readonly string[];
    readonly byPath: Readonly<Record<string, readonly number[]>>;
    readonly dontKnowPercent: readonly number[];
    readonly downPercent: readonly number[];
  };
  readonly topIntents: readonly { key: string; count: number }[];
  readonly topFaq: readonly { key: string; count: number }[];
  readonly faqByDown: readonly { key: string; count: number }[];
  readonly topGaps: readonly GapSummary[];
  readonly llm: { readonly used: number; readonly costPer1000Messages: number };
}

export interface TurnNotes {
  readonly tags?: readonly { tag: string; by: string; at: string }[];
  readonly reviewedBy?: string;
  readonly ruleDislikedBy?: string;
}

export interface Turn {
  readonly turnId: string;
  readonly channel: string;
  readonly chatHash: string;
  readonly at: string;
  readonly day: string;
  readonly question: string;
  readonly answer: string;
  readonly intent: string;
  readonly path: string;
  readonly citations: readonly Citation[];
  readonly latencyMs: number;
  readonly feedback?: 'up' | 'down';
  readonly notes?: TurnNotes;
}

export interface TurnPage {
  readonly turns: readonly Turn[];
  readonly cursor?: string;
}

export interface Gap extends GapSummary {
  readonly channels: Readonly<Record<string, number>>;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly daily: readonly number[];
  readonly state?: { readonly ignored?: { readonly reason: string } };
  readonly faq?: {
    readonly id: string;
    readonly version: number;
    readonly status: string;
    readonly updatedAt: string;
  };
  readonly nearest?: { readonly id: string; readonly score: number; readonly band: string };
  readonly variants: readonly string[];
  readonly members: readonly {
    readonly id: string;
    readonly question: string;
    readonly chatHash: string;
    readonly channel: string;
    readonly at: string;
    readonly sharedTerms: readonly string[];
    readonly similarity: number;
  }[];
}

export interface Suggestion {
  readonly id: string;
  readonly origin: string;
  readonly source: string;
  readonly title: string;
  readonly note?: string;
  readonly faqId?: string;
  readonly evidence: readonly string[];
  readonly status: string;
  readonly reason?: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface FeedbackGroup {
  readonly source: string;
  readonly kind: string;
  readonly label: string;
  readonly count: number;
  readonly ruleDisliked: number;
  readonly turns: readonly Turn[];
}

/** Synthetic demo conversations seeded by `npm start` carry this chat prefix. */
export const isDemoChat = (chatHash: string) => chatHash.startsWith('demo-');
