import { describe, expect, it } from 'vitest';
import {
  maskCardNumber,
  namesMatch,
  parseFlexibleDate,
  parseFlexibleMonth,
} from '../../../../functions/core/cards/card.js';
import { findBhxhCode, findDateOfBirth } from '../../../../functions/core/cards/extract.js';
import { isCardTurn, redactCardTurn } from '../../../../functions/core/cards/redact.js';
import { containsIdentifier } from '../../../../functions/core/privacy/redact.js';

describe('redactCardTurn', () => {
  it.each([
    ['0123456789 12/03/1985', '[mã số BHXH] [ngày]'],
    ['mã 0123456789, sinh 1985-03-12', 'mã [mã số BHXH], sinh [ngày]'],
    ['GD4797932112345 ngày 12 tháng 3 năm 1985', '[mã thẻ BHYT] [ngày]'],
    ['ngay 5 thang 11 nam 1978', '[ngày]'],
    ['12031985', '[ngày]'],
    ['sinh 12 - 3 - 1985 nhé', 'sinh [ngày] nhé'],
    ['ngày sinh: 05.11.1978', 'ngày sinh: [ngày]'],
  ])('masks %s', (input, expected) => {
    const redacted = redactCardTurn(input);
    expect(redacted).toBe(expected);
    expect(containsIdentifier(redacted)).toBe(false);
  });

  it('keeps the masked card number and the hotline readable', () => {
    const text = 'Thẻ BHYT số ***********2345, gọi 1900 9068.';
    expect(redactCardTurn(text)).toBe(text);
  });

  it('tells card turns by intent', () => {
    expect(isCardTurn('card.no_match')).toBe(true);
    expect(isCardTurn('faq')).toBe(false);
  });
});

describe('finding a code and a date of birth', () => {
  it.each([
    ['0123456789 12/03/1985', '0123456789', '1985-03-12'],
    ['ma so 0123456789 ngay sinh 1985-03-12', '0123456789', '1985-03-12'],
    ['the gd 4 79 7932112345, sinh ngày 2 tháng 9 năm 1945', '7932112345', '1945-09-02'],
  ])('%s', (text, code, date) => {
    expect(findBhxhCode(text)).toEqual({ kind: 'found', value: code });
    expect(findDateOfBirth(text)).toEqual({ kind: 'found', value: date });
  });

  it('tells a mistyped code or date from an absent one', () => {
    expect(findBhxhCode('012345678')).toEqual({ kind: 'invalid' });
    expect(findBhxhCode('12/03/1985')).toEqual({ kind: 'absent' });
    expect(findDateOfBirth('31/02/1985')).toEqual({ kind: 'invalid' });
    expect(findDateOfBirth('12/03/85')).toEqual({ kind: 'invalid' });
    expect(findDateOfBirth('12031985')).toEqual({ kind: 'absent' });
    expect(findDateOfBirth('12031985', { compact: true })).toEqual({ kind: 'found', value: '1985-03-12' });
  });
});

describe('card helpers', () => {
  it('parses both date and month formats and refuses impossible dates', () => {
    expect(parseFlexibleDate('29/02/2000')).toBe('2000-02-29');
    expect(parseFlexibleDate('29/02/1900')).toBeUndefined();
    expect(parseFlexibleDate('2026-02-31')).toBeUndefined();
    expect(parseFlexibleDate('2026/01/01')).toBeUndefined();
    expect(parseFlexibleMonth('3/2026')).toBe('2026-03');
    expect(parseFlexibleMonth('2026-12')).toBe('2026-12');
    expect(parseFlexibleMonth('13/2026')).toBeUndefined();
  });

  it('masks all but the last 4 characters and compares names without accents or case', () => {
    expect(maskCardNumber('GD4797932112345')).toBe('***********2345');
    expect(namesMatch('Nguyễn  Văn Mẫu', 'nguyen van mau')).toBe(true);
    expect(namesMatch('Nguyễn Văn Mẫu', 'Nguyễn Văn Mậu')).toBe(true);
    expect(namesMatch('Nguyễn Văn Mẫu', 'Nguyễn Văn Minh')).toBe(false);
  });
});
