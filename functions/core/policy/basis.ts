/**
 * What every calculator result carries: the date it was computed for, the date the newest
 * rule it used took effect, the legal sources, and the notes for derived or unconfirmed
 * values that replies must show.
 */
import type { DatedEntry, LegalSource } from './schedule.js';

export interface PolicyBasis {
  /** The date the figures apply to (YYYY-MM-DD). */
  readonly asOf: string;
  /** When the newest rule used took effect: "Áp dụng từ …". */
  readonly appliesFrom: string;
  readonly sources: readonly LegalSource[];
  /** Citizen-facing notes for values that are not yet officially confirmed. */
  readonly unconfirmed: readonly string[];
}

interface EntryWithNote extends DatedEntry {
  /** A string note applies to the whole entry; structured notes are read by the calculator. */
  readonly unconfirmed?: unknown;
}

export function basisFrom(asOf: string, entries: readonly EntryWithNote[]): PolicyBasis {
  const appliesFrom = latestDate(entries.map((entry) => entry.effectiveFrom));
  const sources: LegalSource[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    for (const source of entry.sources) {
      const key = `${source.document}|${source.article ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push(source);
    }
  }
  const unconfirmed = entries.flatMap((entry) =>
    typeof entry.unconfirmed === 'string' ? [entry.unconfirmed] : [],
  );
  return { asOf, appliesFrom, sources, unconfirmed };
}

/** The policy data does not reach back to this date. */
export interface NotCovered {
  readonly kind: 'not-covered';
  readonly asOf: string;
  readonly coveredFrom: string;
}

export function notCovered(asOf: string, coveredFrom: readonly string[]): NotCovered {
  return { kind: 'not-covered', asOf, coveredFrom: latestDate(coveredFrom) };
}

/** The latest of ISO dates (they sort as strings). */
function latestDate(dates: readonly string[]): string {
  return [...dates].sort().at(-1) ?? '';
}
