/**
 * What a benefit-level digit means, from the dated schedule in data/cards/benefit-levels.json
 * (with its legal source). The lookup quotes the level "theo mã quyền lợi trên thẻ" and adds
 * the schedule's note where a later rule may give more than the printed code says.
 */
import schedule from '../../../data/cards/benefit-levels.json' with { type: 'json' };

export interface BenefitLevel {
  readonly level: number;
  readonly percent: number;
  readonly text: string;
  readonly legalSource: string;
  readonly effectiveFrom: string;
  readonly note: string | undefined;
}

interface Schedule {
  readonly effectiveFrom: string;
  readonly legalSource: string;
  readonly levels: Readonly<Record<string, { readonly percent: number; readonly text: string }>>;
  readonly note: string | null;
  readonly noteLevels: readonly number[];
}

const SCHEDULES: readonly Schedule[] = [...(schedule.schedules as Schedule[])].sort((a, b) =>
  a.effectiveFrom.localeCompare(b.effectiveFrom),
);

/** The meaning of `level` on `asOf` (YYYY-MM-DD); undefined for an unknown digit or date. */
export function benefitLevelOn(level: number, asOf: string): BenefitLevel | undefined {
  const applicable = SCHEDULES.filter((entry) => entry.effectiveFrom <= asOf).at(-1);
  const meaning = applicable?.levels[String(level)];
  if (!applicable || !meaning) return undefined;
  return {
    level,
    percent: meaning.percent,
    text: meaning.text,
    legalSource: applicable.legalSource,
    effectiveFrom: applicable.effectiveFrom,
    note: applicable.noteLevels.includes(level) ? (applicable.note ?? undefined) : undefined,
  };
}
