/**
 * What a benefit-level digit means, from the dated schedule in data/cards/benefit-levels.json
 * (with its legal source). The lookup quotes the level "theo mã quyền lợi trên thẻ" and adds
 * the schedule's note where a later rule may give more than the printed code says.
 */
import * as z from 'zod';
import benefitLevelsRaw from '../../../data/cards/benefit-levels.json' with { type: 'json' };

export interface BenefitLevel {
  readonly level: number;
  readonly percent: number;
  readonly text: string;
  readonly legalSource: string;
  readonly effectiveFrom: string;
  readonly note: string | undefined;
}

/** data/cards/benefit-levels.json, validated when the module loads. */
export const benefitLevelsFileSchema = z.object({
  description: z.string().optional(),
  schedules: z
    .array(
      z.object({
        effectiveFrom: z.iso.date(),
        legalSource: z.string().min(1),
        /** The printed digit ("1".."5") → what it means. */
        levels: z.record(
          z.string().regex(/^\d$/),
          z.object({ percent: z.number().positive().max(100), text: z.string().min(1) }),
        ),
        note: z.string().nullable(),
        /** The printed levels the note concerns. */
        noteLevels: z.array(z.number().int()),
      }),
    )
    .min(1),
});
type Schedule = z.infer<typeof benefitLevelsFileSchema>['schedules'][number];

const SCHEDULES: readonly Schedule[] = [...benefitLevelsFileSchema.parse(benefitLevelsRaw).schedules].sort(
  (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom),
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
