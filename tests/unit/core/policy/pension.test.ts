import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculatePensionRate } from '../../../../functions/core/policy/pension.js';
import type { Sex } from '../../../../functions/core/policy/schedules.js';

describe('pension rate (table computed by hand)', () => {
  it.each([
    // Luật 41/2024 (from 2025-07-01): women 45 % at 15 + 2 %; men 40 % at 15 + 1 % below 20, 45 % at 20 + 2 %.
    ['2026-11-22', 'male', 15, 40],
    ['2026-11-22', 'male', 18, 43],
    ['2026-11-22', 'male', 19, 44],
    ['2026-11-22', 'male', 20, 45],
    ['2026-11-22', 'male', 25, 55],
    ['2026-11-22', 'male', 35, 75],
    ['2026-11-22', 'male', 40, 75],
    ['2026-11-22', 'female', 15, 45],
    ['2026-11-22', 'female', 16, 47],
    ['2026-11-22', 'female', 30, 75],
    ['2026-11-22', 'female', 33, 75],
    // Luật 58/2014 (2022 → 2025-06-30): 20 years minimum; men 45 % at 20, women 45 % at 15, + 2 %.
    ['2024-01-01', 'female', 20, 55],
    ['2024-01-01', 'female', 25, 65],
    ['2024-01-01', 'male', 20, 45],
    ['2024-01-01', 'male', 30, 65],
    ['2025-06-30', 'male', 36, 75],
    ['2020-01-01', 'female', 25, 65],
  ] as const)('%s, %s, %i years → %i %%', (asOf, sex, years, rate) => {
    const result = calculatePensionRate({ asOf, sex, years });
    expect(result).toMatchObject({ kind: 'eligible', rate });
  });

  it.each([
    ['2026-11-22', 'male', 14, 15, 1, 40],
    ['2026-11-22', 'female', 10, 15, 5, 45],
    ['2026-11-22', 'male', 0, 15, 15, 40],
    ['2024-01-01', 'female', 16, 20, 4, 55],
    ['2024-01-01', 'male', 18, 20, 2, 45],
    ['2025-06-30', 'male', 19, 20, 1, 45],
  ] as const)(
    '%s, %s, %i years → not yet eligible (minimum %i, missing %i, %i %% at the minimum)',
    (asOf, sex, years, minYears, missingYears, rateAtMinimum) => {
      expect(calculatePensionRate({ asOf, sex, years })).toMatchObject({
        kind: 'not-eligible',
        minYears,
        missingYears,
        rateAtMinimum,
      });
    },
  );

  it('does not state the uncertain 2018–2021 thresholds for men', () => {
    const result = calculatePensionRate({ asOf: '2020-01-01', sex: 'male', years: 25 });
    expect(result.kind).toBe('unconfirmed');
    const short = calculatePensionRate({ asOf: '2020-01-01', sex: 'male', years: 15 });
    expect(short).toMatchObject({ kind: 'not-eligible', rateAtMinimum: undefined });
  });

  it('names the law in force and dates the result', () => {
    const now = calculatePensionRate({ asOf: '2026-11-22', sex: 'male', years: 18 });
    const before = calculatePensionRate({ asOf: '2024-01-01', sex: 'male', years: 20 });
    if (now.kind === 'not-covered' || before.kind === 'not-covered') throw new Error('covered');
    expect(now.law).toBe('41/2024/QH15');
    expect(now.basis.appliesFrom).toBe('2025-07-01');
    expect(before.law).toBe('58/2014/QH13');
    expect(before.basis.appliesFrom).toBe('2022-01-01');
  });

  it('answers "not covered" before 2018', () => {
    expect(calculatePensionRate({ asOf: '2017-06-01', sex: 'female', years: 20 }).kind).toBe('not-covered');
  });

  it('rate is within [40, 75] and never decreases with more years (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Sex>('male', 'female'),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('2022-06-01', '2025-07-01', '2026-11-22', '2027-05-05'),
        (sex, years, asOf) => {
          const a = calculatePensionRate({ asOf, sex, years });
          const b = calculatePensionRate({ asOf, sex, years: years + 1 });
          if (a.kind === 'eligible') {
            expect(a.rate).toBeGreaterThanOrEqual(40);
            expect(a.rate).toBeLessThanOrEqual(75);
            expect(b.kind).toBe('eligible');
            if (b.kind === 'eligible') expect(b.rate).toBeGreaterThanOrEqual(a.rate);
          }
        },
      ),
      { seed: 5, numRuns: 400 },
    );
  });
});
