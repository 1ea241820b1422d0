import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORT_GROUPS, type SupportGroup } from '../../../../functions/core/policy/schedules.js';
import {
  calculateVoluntaryContribution,
  VSI_PERIODS,
  vsiLimits,
} from '../../../../functions/core/policy/vsi.js';

function ok(asOf: string, income: number, group?: SupportGroup, months?: number) {
  const result = calculateVoluntaryContribution({ asOf, income, group, months });
  if (result.kind !== 'ok') throw new Error(`expected a contribution, got ${result.kind}`);
  return result;
}

// Every row computed by hand from the dated rules: gross = 22 % × income;
// support = group % × 22 % × rural poverty line; net = gross − support.
describe('BHXH tự nguyện contribution (table computed by hand)', () => {
  it.each([
    // asOf, income, group, gross, support, net
    ['2026-11-22', 2_000_000, 'other', 440_000, 66_000, 374_000],
    ['2026-11-22', 3_000_000, 'nearPoor', 660_000, 132_000, 528_000],
    ['2025-03-01', 1_500_000, 'other', 330_000, 33_000, 297_000],
    ['2026-11-22', 1_500_000, 'poor', 330_000, 165_000, 165_000],
    ['2026-11-22', 5_000_000, 'ethnicMinority', 1_100_000, 99_000, 1_001_000],
    ['2025-07-01', 46_800_000, 'other', 10_296_000, 66_000, 10_230_000],
    ['2026-07-01', 50_600_000, 'poor', 11_132_000, 165_000, 10_967_000],
    ['2025-06-30', 2_000_000, 'ethnicMinority', 440_000, 33_000, 407_000],
    ['2025-06-30', 2_000_000, 'poor', 440_000, 99_000, 341_000],
    ['2021-06-15', 700_000, 'poor', 154_000, 46_200, 107_800],
    ['2019-01-01', 1_000_000, 'nearPoor', 220_000, 38_500, 181_500],
    ['2018-01-01', 26_000_000, 'other', 5_720_000, 15_400, 5_704_600],
    ['2021-12-31', 1_000_000, 'other', 220_000, 15_400, 204_600],
    ['2022-01-01', 1_500_000, 'nearPoor', 330_000, 82_500, 247_500],
    ['2024-07-01', 4_000_000, 'other', 880_000, 33_000, 847_000],
    ['2027-01-01', 2_200_000, 'other', 484_000, 96_800, 387_200],
    ['2027-03-01', 3_000_000, 'poor', 660_000, 242_000, 418_000],
  ] as const)('%s, income %i, %s → %i − %i = %i', (asOf, income, group, gross, support, net) => {
    const result = ok(asOf, income, group);
    expect(result.gross).toBe(gross);
    expect(result.support).toBe(support);
    expect(result.net).toBe(net);
    expect(result.basis.asOf).toBe(asOf);
    expect(result.basis.sources.length).toBeGreaterThan(0);
  });

  it('assumes the "other" group when none is given and prices the other groups', () => {
    const result = ok('2026-11-22', 2_000_000);
    expect(result.group).toBe('other');
    expect(result.groupAssumed).toBe(true);
    expect(Object.fromEntries(result.otherGroups.map((item) => [item.group, item.net]))).toEqual({
      poor: 275_000,
      nearPoor: 308_000,
      ethnicMinority: 341_000,
      island: 275_000,
    });
    expect(ok('2026-11-22', 2_000_000, 'other').groupAssumed).toBe(false);
  });

  it.each([
    [1, 374_000, 440_000, 66_000],
    [3, 1_122_000, 1_320_000, 198_000],
    [6, 2_244_000, 2_640_000, 396_000],
    [12, 4_488_000, 5_280_000, 792_000],
    [24, 8_976_000, 10_560_000, 1_584_000],
  ])('per period of %i months = monthly × months (%i)', (months, net, gross, support) => {
    const result = ok('2026-11-22', 2_000_000, 'other', months);
    expect(result.perPeriod).toEqual({ net, gross, support });
    expect(result.paysYearsAhead).toBe(months > 12);
  });

  it('dates the result by the newest rule used', () => {
    expect(ok('2026-11-22', 2_000_000).basis.appliesFrom).toBe('2026-07-01');
    expect(ok('2025-03-01', 1_500_000).basis.appliesFrom).toBe('2024-07-01');
    expect(ok('2025-08-01', 1_500_000).basis.appliesFrom).toBe('2025-07-01');
    expect(ok('2026-03-01', 1_500_000).basis.appliesFrom).toBe('2026-01-01');
  });

  it('cites the law in force on the date', () => {
    const documents = (asOf: string) => ok(asOf, 2_000_000).basis.sources.map((source) => source.document);
    expect(documents('2026-11-22')).toEqual(
      expect.arrayContaining(['Luật Bảo hiểm xã hội 41/2024/QH15', 'Nghị định 159/2025/NĐ-CP']),
    );
    expect(documents('2024-11-22')).toEqual(
      expect.arrayContaining(['Luật Bảo hiểm xã hội 58/2014/QH13', 'Nghị định 134/2015/NĐ-CP']),
    );
    expect(documents('2024-11-22')).not.toContain('Nghị định 159/2025/NĐ-CP');
  });

  it('marks the 2027 floor as not yet confirmed', () => {
    expect(ok('2027-01-01', 3_000_000).basis.unconfirmed).toHaveLength(1);
    expect(ok('2026-12-31', 3_000_000).basis.unconfirmed).toHaveLength(0);
  });

  it.each([
    ['2026-11-22', 1_000_000, 'below-minimum', 1_500_000, 50_600_000],
    ['2026-11-22', 50_600_001, 'above-maximum', 1_500_000, 50_600_000],
    ['2026-06-30', 47_000_000, 'above-maximum', 1_500_000, 46_800_000],
    ['2022-01-01', 1_000_000, 'below-minimum', 1_500_000, 29_800_000],
    ['2027-01-01', 2_000_000, 'below-minimum', 2_200_000, 50_600_000],
    ['2024-01-01', 36_000_001, 'above-maximum', 1_500_000, 36_000_000],
  ] as const)('%s, income %i is out of range (%s; limits %i–%i)', (asOf, income, reason, min, max) => {
    const result = calculateVoluntaryContribution({ asOf, income });
    expect(result.kind).toBe('out-of-range');
    if (result.kind !== 'out-of-range') return;
    expect(result.reason).toBe(reason);
    expect(result.limits.minIncome).toBe(min);
    expect(result.limits.maxIncome).toBe(max);
  });

  it('does not treat the unconfirmed 50.000 income step as a rule', () => {
    expect(ok('2026-11-22', 2_012_345).gross).toBe(442_716);
  });

  it('answers "not covered" before 2018', () => {
    expect(calculateVoluntaryContribution({ asOf: '2017-12-31', income: 2_000_000 })).toMatchObject({
      kind: 'not-covered',
      coveredFrom: '2018-01-01',
    });
  });

  it('rejects payment periods the law does not have', () => {
    expect(() =>
      calculateVoluntaryContribution({ asOf: '2026-11-22', income: 2_000_000, months: 2 }),
    ).toThrow(RangeError);
  });
});

const dateArbitrary = fc
  .integer({
    min: Date.parse('2018-01-01T00:00:00Z') / 86_400_000,
    max: Date.parse('2027-12-31T00:00:00Z') / 86_400_000,
  })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
const groupArbitrary = fc.constantFrom(...SUPPORT_GROUPS);

describe('BHXH tự nguyện properties', () => {
  it('amount is never negative, support never exceeds the contribution, period = monthly × months', () => {
    fc.assert(
      fc.property(
        dateArbitrary,
        fc.integer({ min: 0, max: 80_000_000 }),
        groupArbitrary,
        fc.constantFrom(...VSI_PERIODS),
        (asOf, income, group, months) => {
          const result = calculateVoluntaryContribution({ asOf, income, group, months });
          if (result.kind !== 'ok') return;
          expect(result.net).toBeGreaterThanOrEqual(0);
          expect(result.support).toBeGreaterThanOrEqual(0);
          expect(result.support).toBeLessThanOrEqual(result.gross);
          expect(result.gross - result.support).toBe(result.net);
          expect(result.perPeriod.net).toBe(result.net * months);
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('is monotonic in income and the support does not depend on income', () => {
    fc.assert(
      fc.property(
        dateArbitrary,
        fc.integer({ min: 0, max: 60_000_000 }),
        fc.integer({ min: 0, max: 60_000_000 }),
        groupArbitrary,
        (asOf, a, b, group) => {
          const limits = vsiLimits(asOf);
          if (limits.kind !== 'limits') return;
          const clamp = (value: number) => Math.min(limits.maxIncome, Math.max(limits.minIncome, value));
          const [low, high] = [clamp(Math.min(a, b)), clamp(Math.max(a, b))];
          const lowResult = ok(asOf, low, group);
          const highResult = ok(asOf, high, group);
          expect(highResult.gross).toBeGreaterThanOrEqual(lowResult.gross);
          expect(highResult.net).toBeGreaterThanOrEqual(lowResult.net);
          expect(highResult.support).toBe(lowResult.support);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it('gives poorer groups at least as much support on every date', () => {
    fc.assert(
      fc.property(dateArbitrary, (asOf) => {
        const limits = vsiLimits(asOf);
        // Every date from 2018 to 2027 has a complete rule set.
        expect(limits.kind).toBe('limits');
        if (limits.kind !== 'limits') return;
        const p = limits.supportPercentByGroup;
        expect(p.poor).toBeGreaterThanOrEqual(p.nearPoor);
        expect(p.nearPoor).toBeGreaterThanOrEqual(p.ethnicMinority);
        expect(p.ethnicMinority).toBeGreaterThanOrEqual(p.other);
        expect(limits.minIncome).toBeLessThan(limits.maxIncome);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
