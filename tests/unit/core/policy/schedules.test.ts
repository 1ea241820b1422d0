import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSchedule,
  type DatedEntry,
  type DatedSchedule,
  PolicyDateOutOfRangeError,
  PolicyScheduleError,
} from '../../../../functions/core/policy/schedule.js';
import {
  amountEntrySchema,
  loadPolicySchedules,
  POLICY_SCHEDULES,
  RAW_POLICY_SCHEDULES,
} from '../../../../functions/core/policy/schedules.js';

const ALL: readonly DatedSchedule<DatedEntry>[] = Object.values(POLICY_SCHEDULES);
const DAY = 86_400_000;
const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

function entry(from: string, to: string | null, amount = 1000) {
  return {
    effectiveFrom: from,
    effectiveTo: to,
    amount,
    sources: [{ document: 'Nghị định 1/2020/NĐ-CP', confidence: 'C2' }],
  };
}

describe('shipped policy schedules', () => {
  it('validate with zod when loaded', () => {
    expect(() => loadPolicySchedules(RAW_POLICY_SCHEDULES)).not.toThrow();
    expect(ALL).toHaveLength(6);
  });

  it('all cover 2018-01-01 onwards and end open-ended', () => {
    for (const schedule of ALL) {
      expect(schedule.coveredFrom <= '2018-01-01', schedule.name).toBe(true);
      expect(schedule.entries.at(-1)?.effectiveTo, schedule.name).toBeNull();
    }
  });

  it('every entry cites at least one legal source with a confidence mark', () => {
    for (const schedule of ALL) {
      for (const item of schedule.entries) {
        expect(item.sources.length).toBeGreaterThan(0);
        for (const source of item.sources) expect(['C2', 'C1', 'D', 'U']).toContain(source.confidence);
      }
    }
  });

  it('never relies on a U source for a value it states', () => {
    for (const schedule of ALL) {
      for (const item of schedule.entries) {
        expect(
          item.sources.some((source) => source.confidence === 'U'),
          schedule.name,
        ).toBe(false);
      }
    }
  });

  it('every date from 2018 to 2027 resolves to exactly one rule set in each schedule (property)', () => {
    const start = Date.parse('2018-01-01T00:00:00Z');
    const end = Date.parse('2027-12-31T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.round((end - start) / DAY) }), (offset) => {
        const date = isoDay(start + offset * DAY);
        for (const schedule of ALL) {
          const covering = schedule.entries.filter(
            (item) => item.effectiveFrom <= date && (item.effectiveTo === null || date <= item.effectiveTo),
          );
          expect(covering, `${schedule.name} on ${date}`).toHaveLength(1);
          expect(schedule.resolve(date)).toBe(covering[0]);
        }
      }),
      { seed: 20261122, numRuns: 500 },
    );
  });

  it.each([
    ['2018-01-01', 1_300_000],
    ['2018-07-01', 1_390_000],
    ['2019-06-30', 1_390_000],
    ['2019-07-01', 1_490_000],
    ['2023-06-30', 1_490_000],
    ['2023-07-01', 1_800_000],
    ['2024-07-01', 2_340_000],
    ['2025-07-01', 2_340_000],
    ['2026-06-30', 2_340_000],
    ['2026-07-01', 2_530_000],
    ['2030-01-01', 2_530_000],
  ])('base salary / reference level on %s is %i', (date, amount) => {
    expect(POLICY_SCHEDULES.referenceLevel.resolve(date).amount).toBe(amount);
  });

  it.each([
    ['2018-01-01', 700_000, false],
    ['2021-12-31', 700_000, false],
    ['2022-01-01', 1_500_000, false],
    ['2026-12-31', 1_500_000, false],
    ['2027-01-01', 2_200_000, true],
  ])('rural poverty line on %s is %i (unconfirmed: %s)', (date, amount, unconfirmed) => {
    const item = POLICY_SCHEDULES.ruralPovertyLine.resolve(date);
    expect(item.amount).toBe(amount);
    expect(item.unconfirmed !== undefined).toBe(unconfirmed);
  });

  it.each([
    ['2018-01-01', { poor: 30, nearPoor: 25, ethnicMinority: 10, island: 10, other: 10 }],
    ['2025-06-30', { poor: 30, nearPoor: 25, ethnicMinority: 10, island: 10, other: 10 }],
    ['2025-07-01', { poor: 50, nearPoor: 40, ethnicMinority: 30, island: 50, other: 20 }],
  ])('state support percentages on %s', (date, percents) => {
    expect(POLICY_SCHEDULES.vsiSupport.resolve(date).percentByGroup).toEqual(percents);
  });

  it('throws a dated error before the data starts', () => {
    expect(() => POLICY_SCHEDULES.vsiSupport.resolve('2017-12-31')).toThrow(PolicyDateOutOfRangeError);
    expect(POLICY_SCHEDULES.vsiSupport.find('2017-12-31')).toBeUndefined();
  });
});

describe('schedule validation rejects broken data', () => {
  const build =
    (entries: unknown[], name = 'test') =>
    () =>
      createSchedule(name, { schedule: name, entries }, amountEntrySchema);

  it('accepts contiguous entries', () => {
    expect(build([entry('2020-01-01', '2020-12-31'), entry('2021-01-01', null)])).not.toThrow();
  });

  it.each([
    ['a gap', [entry('2020-01-01', '2020-12-30'), entry('2021-01-01', null)]],
    ['an overlap', [entry('2020-01-01', '2021-01-01'), entry('2021-01-01', null)]],
    ['a closed last entry', [entry('2020-01-01', '2020-12-31')]],
    ['an open entry before the last', [entry('2020-01-01', null), entry('2021-01-01', null)]],
    ['an impossible date', [entry('2020-02-30', null)]],
    ['an end before the start', [entry('2020-05-01', '2020-04-01'), entry('2020-04-02', null)]],
    ['a missing source', [{ ...entry('2020-01-01', null), sources: [] }]],
    [
      'an unknown confidence mark',
      [{ ...entry('2020-01-01', null), sources: [{ document: 'Luật X', confidence: 'C3' }] }],
    ],
    ['a negative amount', [entry('2020-01-01', null, -5)]],
    ['no entries', []],
  ])('rejects %s', (_label, entries) => {
    expect(build(entries)).toThrow(PolicyScheduleError);
  });

  it('rejects a file for another schedule', () => {
    expect(() =>
      createSchedule('a', { schedule: 'b', entries: [entry('2020-01-01', null)] }, amountEntrySchema),
    ).toThrow(PolicyScheduleError);
  });
});
