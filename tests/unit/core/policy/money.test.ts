import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatPercent,
  formatVnd,
  percentOf,
} from '../../../../functions/core/policy/money.js';
import { formatVietnameseDate } from '../../../../functions/core/text/dates.js';

describe('money formatting', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1.000'],
    [374000, '374.000'],
    [3825360, '3.825.360'],
    [50600000, '50.600.000'],
  ])('formats %i as %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('writes đồng, percentages with a decimal comma, and dd/mm/yyyy dates', () => {
    expect(formatVnd(374000)).toBe('374.000 đồng');
    expect(formatPercent(4.5)).toBe('4,5%');
    expect(formatPercent(22)).toBe('22%');
    expect(formatVietnameseDate('2026-07-01')).toBe('01/07/2026');
  });

  it.each([
    [2_000_000, 22, 440_000],
    [1_500_000, 22, 330_000],
    [2_530_000, 4.5, 113_850],
    [113_850, 70, 79_695],
    [154_000, 25, 38_500],
    [330_000, 20, 66_000],
  ])('%i × %f%% = %i exactly', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });
});
