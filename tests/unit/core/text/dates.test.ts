import { describe, expect, it } from 'vitest';
import {
  formatPartialDate,
  formatVietnameseDate,
  formatVietnameseMonth,
} from '../../../../functions/core/text/dates.js';

describe('Vietnamese dates', () => {
  it('writes days as dd/mm/yyyy and months as mm/yyyy', () => {
    expect(formatVietnameseDate('2026-07-01')).toBe('01/07/2026');
    expect(formatVietnameseMonth('2027-05')).toBe('05/2027');
  });

  it('writes a document date at the precision it has', () => {
    expect(formatPartialDate('2019-12-20')).toBe('20/12/2019');
    expect(formatPartialDate('2019-12')).toBe('tháng 12/2019');
    expect(formatPartialDate('2019')).toBe('năm 2019');
    expect(formatPartialDate(undefined)).toBe('');
  });
});
