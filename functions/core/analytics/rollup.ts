/**
 * Daily roll-ups of the conversation log: what the overview needs from one Vietnam day, per
 * channel, small enough to store as one item (`STATS#<day>`) once the day is closed, and
 * merged over any range. Counts add; distinct chats keep their (hashed) ids so a range counts
 * each chat once; latencies go into fixed geometric buckets, so p50/p95 over many days are
 * read from the merged histogram (within one bucket, ≤ 8 %) instead of every turn.
 */
import type { TurnRecord } from '../ports.js';

/** Bump when the roll-up's content changes: stored roll-ups of another version are recomputed. */
export const ROLLUP_VERSION = 1;

/** Paths that answered the question itself; the overview shows each one's share. */
export const ANSWERED_PATHS = ['faq', 'document', 'calculator', 'card'] as const;
/** "I don't know": the bot found nothing good enough. */
export const DONT_KNOW_PATH = 'fallback';
export const HANDOFF_PATH = 'handoff';

/** The fields of a turn a roll-up reads (what the byDay query projects). */
export type RollupTurn = Pick<
  TurnRecord,
  'channel' | 'chatHash' | 'path' | 'intent' | 'feedback' | 'latencyMs' | 'llm'
> & {
  /** Marked "the answer was right, the person disliked the rule": counted apart from quality 👎. */
  readonly ruleDisliked?: boolean;
};

export interface LlmStats {
  used: number;
  fallbacks: Record<string, number>;
  costUsd: number;
}

export interface DayStats {
  turns: number;
  /** Hashed chat ids seen (a range's distinct chats is their union). */
  chats: string[];
  paths: Record<string, number>;
  intents: Record<string, number>;
  /** FAQ item id → turns it answered. */
  faqServed: Record<string, number>;
  /** FAQ item id → 👎 on its answers (rule-disliked ones excluded). */
  faqDown: Record<string, number>;
  up: number;
  down: number;
  /** 👎 marked "right answer, disliked rule". */
  ruleDisliked: number;
  /** Latency bucket index → turns. */
  latency: Record<string, number>;
  llm: LlmStats;
}

export type ChannelStats = Record<string, DayStats>;

export function emptyStats(): DayStats {
  return {
    turns: 0,
    chats: [],
    paths: {},
    intents: {},
    faqServed: {},
    faqDown: {},
    up: 0,
    down: 0,
    ruleDisliked: 0,
    latency: {},
    llm: { used: 0, fallbacks: {}, costUsd: 0 },
  };
}

const BUCKET_BASE_MS = 10;
const BUCKET_RATIO = 1.08;

/** The bucket of a latency: 0 for ≤ 10 ms, then one per 8 % step. */
export function latencyBucket(ms: number): number {
  if (!(ms > BUCKET_BASE_MS)) return 0;
  return Math.ceil(Math.log(ms / BUCKET_BASE_MS) / Math.log(BUCKET_RATIO));
}

/** The upper bound of a bucket, in whole milliseconds. */
export function bucketUpperMs(bucket: number): number {
  return Math.round(BUCKET_BASE_MS * BUCKET_RATIO ** bucket);
}

/** The FAQ item a turn was answered with (`faq:<id>`), if any. */
export function faqIdOf(turn: Pick<TurnRecord, 'path' | 'intent'>): string | undefined {
  if (turn.path !== 'faq' || !turn.intent.startsWith('faq:')) return undefined;
  const id = turn.intent.slice(4);
  return id === '' || id === 'clarify' ? undefined : id;
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Roll-ups per channel of one day's turns. */
export function rollUp(turns: Iterable<RollupTurn>): ChannelStats {
  const byChannel: ChannelStats = {};
  const chats = new Map<string, Set<string>>();
  for (const turn of turns) {
    let stats = byChannel[turn.channel];
    if (!stats) {
      stats = emptyStats();
      byChannel[turn.channel] = stats;
      chats.set(turn.channel, new Set());
    }
    stats.turns++;
    chats.get(turn.channel)?.add(turn.chatHash);
    bump(stats.paths, turn.path);
    bump(stats.intents, turn.intent);
    const faqId = faqIdOf(turn);
    if (faqId) bump(stats.faqServed, faqId);
    if (turn.feedback === 'up') stats.up++;
    if (turn.feedback === 'down') {
      if (turn.ruleDisliked) stats.ruleDisliked++;
      else {
        stats.down++;
        if (faqId) bump(stats.faqDown, faqId);
      }
    }
    bump(stats.latency, String(latencyBucket(turn.latencyMs)));
    if (turn.llm?.outcome === 'used') stats.llm.used++;
    if (turn.llm?.outcome === 'fallback') bump(stats.llm.fallbacks, turn.llm.fallbackReason ?? 'unknown');
    if (turn.llm?.costUsd !== undefined && Number.isFinite(turn.llm.costUsd))
      stats.llm.costUsd += turn.llm.costUsd;
  }
  for (const [channel, set] of chats) (byChannel[channel] as DayStats).chats = [...set].sort();
  return byChannel;
}

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [key, count] of Object.entries(from)) bump(into, key, count);
}

/** One DayStats for several (days, channels); chats are deduplicated. */
export function mergeStats(parts: Iterable<DayStats>): DayStats {
  const merged = emptyStats();
  const chats = new Set<string>();
  for (const part of parts) {
    merged.turns += part.turns;
    for (const chat of part.chats) chats.add(chat);
    addCounts(merged.paths, part.paths);
    addCounts(merged.intents, part.intents);
    addCounts(merged.faqServed, part.faqServed);
    addCounts(merged.faqDown, part.faqDown);
    merged.up += part.up;
    merged.down += part.down;
    merged.ruleDisliked += part.ruleDisliked;
    addCounts(merged.latency, part.latency);
    merged.llm.used += part.llm.used;
    addCounts(merged.llm.fallbacks, part.llm.fallbacks);
    merged.llm.costUsd += part.llm.costUsd;
  }
  merged.chats = [...chats];
  return merged;
}

/** The stats of the chosen channel, or of all channels together. */
export function statsFor(byChannel: Readonly<ChannelStats>, channel?: string): DayStats {
  if (channel) return byChannel[channel] ?? emptyStats();
  return mergeStats(Object.values(byChannel));
}

/** The q-quantile (0..1) of the latency histogram, as its bucket's upper bound; 0 when empty. */
export function latencyQuantile(histogram: Readonly<Record<string, number>>, q: number): number {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return bucketUpperMs(buckets.at(-1)?.[0] ?? 0);
}
