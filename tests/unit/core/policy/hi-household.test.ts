import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateHouseholdHealthInsurance } from '../../../../functions/core/policy/hi-household.js';

function ok(asOf: string, members: number, months?: number) {
  const result = calculateHouseholdHealthInsurance({ asOf, members, months });
  if (result.kind !== 'ok') throw new Error(`expected a contribution, got ${result.kind}`);
  return result;
}

// First member: 4,5 % of the base salary / reference level; then 70/60/50/40 % of that.
describe('BHYT hộ gia đình (table computed by hand)', () => {
  it.each([
    ['2026-11-22', 4, 12, [1_366_200, 956_340, 819_720, 683_100], 3_825_360],
    ['2026-11-22', 1, 12, [1_366_200], 1_366_200],
    ['2026-11-22', 6, 12, [1_366_200, 956_340, 819_720, 683_100, 546_480, 546_480], 4_918_320],
    ['2026-11-22', 2, 6, [683_100, 478_170], 1_161_270],
    ['2025-03-01', 2, 12, [1_263_600, 884_520], 2_148_120],
    ['2025-09-01', 5, 12, [1_263_600, 884_520, 758_160, 631_800, 505_440], 4_043_520],
    ['2024-06-30', 3, 12, [972_000, 680_400, 583_200], 2_235_600],
    ['2020-01-01', 5, 12, [804_600, 563_220, 482_760, 402_300, 321_840], 2_574_720],
    ['2018-08-01', 1, 12, [750_600], 750_600],
    ['2018-01-01', 2, 3, [175_500, 122_850], 298_350],
  ])('%s, %i members, %i months', (asOf, members, months, perMember, total) => {
    const result = ok(asOf, members, months);
    expect(result.perMember.map((member) => member.perPeriod)).toEqual(perMember);
    expect(result.total).toBe(total);
    expect(result.basis.asOf).toBe(asOf);
  });

  it('defaults to 12 months and dates and cites the result', () => {
    const result = ok('2026-11-22', 4);
    expect(result.months).toBe(12);
    expect(result.perMember.map((member) => member.monthly)).toEqual([113_850, 79_695, 68_310, 56_925]);
    expect(result.basis.appliesFrom).toBe('2026-07-01');
    expect(result.basis.sources.map((source) => source.document)).toContain('Nghị định 188/2025/NĐ-CP');
    expect(ok('2020-01-01', 1).basis.sources.map((source) => source.document)).toContain(
      'Nghị định 146/2018/NĐ-CP',
    );
  });

  it('rejects impossible households', () => {
    expect(() => calculateHouseholdHealthInsurance({ asOf: '2026-11-22', members: 0 })).toThrow(RangeError);
    expect(() => calculateHouseholdHealthInsurance({ asOf: '2026-11-22', members: 2.5 })).toThrow(RangeError);
  });

  it('answers "not covered" before the data starts', () => {
    expect(calculateHouseholdHealthInsurance({ asOf: '2016-01-01', members: 2 }).kind).toBe('not-covered');
  });

  it('total is the sum, never negative, grows with members; nobody pays more than the first (property)', () => {
    const day = fc
      .integer({ min: Date.parse('2018-01-01') / 86_400_000, max: Date.parse('2027-12-31') / 86_400_000 })
      .map((value) => new Date(value * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 1, max: 12 }),
        (asOf, members, months) => {
          const result = ok(asOf, members, months);
          const bigger = ok(asOf, members + 1, months);
          const first = result.perMember[0]?.monthly ?? 0;
          expect(result.total).toBe(result.perMember.reduce((sum, member) => sum + member.perPeriod, 0));
          expect(result.total).toBeGreaterThan(0);
          expect(bigger.total).toBeGreaterThan(result.total);
          for (const member of result.perMember) expect(member.monthly).toBeLessThanOrEqual(first);
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });
});
