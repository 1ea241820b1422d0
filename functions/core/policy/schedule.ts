/**
 * Dated schedules: every rate or amount a citizen sees comes from a rule set that is in
 * force on the date asked about. A schedule is a list of entries with `effectiveFrom` /
 * `effectiveTo` (inclusive, null = open-ended) that must be sorted, contiguous and
 * non-overlapping, so each covered date resolves to exactly one entry.
 */
import * as z from 'zod';

export const CONFIDENCE_MARKS = ['C2', 'C1', 'D', 'U'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const legalSourceSchema = z.object({
  /** Legal instrument as citizens know it, e.g. "Nghị định 159/2025/NĐ-CP". */
  document: z.string().min(3),
  /** Article (Điều …) when the research names it; left out rather than guessed. */
  article: z.string().min(1).optional(),
  /** C2 confirmed twice, C1 once, D derived, U uncertain. */
  confidence: z.enum(CONFIDENCE_MARKS),
});
export type LegalSource = z.infer<typeof legalSourceSchema>;

export const datedEntryShape = {
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  sources: z.array(legalSourceSchema).min(1),
};

export interface DatedEntry {
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly sources: readonly LegalSource[];
}

/** A schedule file failed validation; the message names the file and the problem. */
export class PolicyScheduleError extends Error {
  override readonly name = 'PolicyScheduleError';
}

/** No rule set of this schedule covers the date asked about. */
export class PolicyDateOutOfRangeError extends Error {
  override readonly name = 'PolicyDateOutOfRangeError';
  constructor(
    readonly schedule: string,
    readonly date: string,
    readonly coveredFrom: string,
  ) {
    super(`schedule ${schedule} has no rule set for ${date} (covered from ${coveredFrom})`);
  }
}

export interface DatedSchedule<T extends DatedEntry> {
  readonly name: string;
  readonly entries: readonly T[];
  /** First date covered. */
  readonly coveredFrom: string;
  /** The one entry in force on `date`, or undefined before `coveredFrom`. */
  find(date: string): T | undefined;
  /** Like find, but throws PolicyDateOutOfRangeError. */
  resolve(date: string): T;
}

function isValidCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** The day after an ISO date. */
export function nextDay(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + 1);
  return parsed.toISOString().slice(0, 10);
}

/** A schedule file (data/policy/<name>.json): its name and dated entries of one shape. */
export function scheduleFileSchema<S extends z.ZodType<DatedEntry>>(name: string, entrySchema: S) {
  return z.object({
    $comment: z.string().optional(),
    schedule: z.literal(name),
    entries: z.array(entrySchema).min(1),
  });
}

/** Parse `raw` ({ schedule, entries }) with the entry schema and check the dates line up. */
export function createSchedule<S extends z.ZodType<DatedEntry>>(
  name: string,
  raw: unknown,
  entrySchema: S,
): DatedSchedule<z.infer<S>> {
  const parsed = scheduleFileSchema(name, entrySchema).safeParse(raw);
  if (!parsed.success) {
    throw new PolicyScheduleError(`policy schedule ${name} is invalid: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const entries = parsed.data.entries as z.infer<S>[];
  entries.forEach((entry, index) => {
    for (const date of [entry.effectiveFrom, entry.effectiveTo]) {
      if (date !== null && !isValidCalendarDate(date)) {
        throw new PolicyScheduleError(
          `policy schedule ${name}: entry ${index} has an impossible date ${date}`,
        );
      }
    }
    if (entry.effectiveTo !== null && entry.effectiveTo < entry.effectiveFrom) {
      throw new PolicyScheduleError(`policy schedule ${name}: entry ${index} ends before it starts`);
    }
    const previous = entries[index - 1];
    if (previous) {
      if (previous.effectiveTo === null) {
        throw new PolicyScheduleError(`policy schedule ${name}: only the last entry may be open-ended`);
      }
      if (nextDay(previous.effectiveTo) !== entry.effectiveFrom) {
        throw new PolicyScheduleError(
          `policy schedule ${name}: entry ${index} starts ${entry.effectiveFrom}, expected ${nextDay(previous.effectiveTo)} (gap or overlap)`,
        );
      }
    }
  });
  const last = entries[entries.length - 1];
  if (last && last.effectiveTo !== null) {
    throw new PolicyScheduleError(
      `policy schedule ${name}: the last entry must be open-ended (effectiveTo null)`,
    );
  }
  const coveredFrom = entries[0]?.effectiveFrom ?? '';
  const find = (date: string): z.infer<S> | undefined =>
    entries.find(
      (entry) => entry.effectiveFrom <= date && (entry.effectiveTo === null || date <= entry.effectiveTo),
    );
  return {
    name,
    entries,
    coveredFrom,
    find,
    resolve(date) {
      const entry = find(date);
      if (!entry) throw new PolicyDateOutOfRangeError(name, date, coveredFrom);
      return entry;
    },
  };
}
