/**
 * Which logged turns are "gaps": what the bot could not answer ("don't know"), a clarifying
 * question that was never resolved, and any answer rated 👎. The conversation log marks the
 * first two when it writes a turn and the third when the vote arrives (the sparse byGap
 * index); whether a clarification was resolved is decided when the gaps are read, from the
 * chat's next turn.
 */
import type { TurnRecord } from '../ports.js';

/** Paths written into the gap index as soon as the turn is logged. */
const GAP_PATHS: ReadonlySet<string> = new Set(['fallback', 'clarify']);

export function isGapPath(path: string): boolean {
  return GAP_PATHS.has(path);
}

export type GapKind = 'dont-know' | 'clarify' | 'down';

/** Paths after a clarification that mean the citizen got an answer after all. */
const RESOLVING_PATHS: ReadonlySet<string> = new Set(['faq', 'document', 'calculator', 'card', 'slot']);

export function resolvesClarification(next: Pick<TurnRecord, 'path'> | undefined): boolean {
  return next !== undefined && RESOLVING_PATHS.has(next.path);
}

/** The kind of gap a turn is, or undefined (a 👍 on a clarification still counts as clarify). */
export function gapKindOf(turn: Pick<TurnRecord, 'path' | 'feedback'>): GapKind | undefined {
  if (turn.path === 'fallback') return 'dont-know';
  if (turn.feedback === 'down') return 'down';
  if (turn.path === 'clarify') return 'clarify';
  return undefined;
}
