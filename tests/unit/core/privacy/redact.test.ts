import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsIdentifier,
  redactIdentifiers,
  redactIdentifiersAndDates,
} from '../../../../functions/core/privacy/redact.js';
import {
  bhxhCodeArb,
  cardArb,
  cccdArb,
  dateArb,
  phoneArb,
  sentenceArb,
  survivors,
} from '../../../support/identifiers.js';

describe('redactIdentifiers', () => {
  it.each([
    ['Mã thẻ GD4797932112345 của bà', 'Mã thẻ [mã thẻ BHYT] của bà', 'card'],
    ['thẻ gd 4 79 7932112345', 'thẻ [mã thẻ BHYT]', 'card with spaces'],
    ['mathe:GD4797932112346x', 'mathe:[mã thẻ BHYT]x', 'card glued to letters'],
    ['mã số 7912345678 ngày sinh', 'mã số [mã số BHXH] ngày sinh', 'bhxh code'],
    ['ma so 99 0000 0004', 'ma so [mã số BHXH]', 'bhxh code in groups'],
    ['CCCD 001085012345 cấp', 'CCCD [số CCCD] cấp', 'cccd'],
    ['cccd 0010 8501 2345', 'cccd [số CCCD]', 'cccd in groups of 4'],
    ['cccd 001.085.012.345', 'cccd [số CCCD]', 'cccd with dots (not money: it starts with 0)'],
    ['socccd079185001234nhé', 'socccd[số CCCD]nhé', 'cccd glued to letters'],
    ['gọi 0912 345 678 nhé', 'gọi [số điện thoại] nhé', 'phone with spaces'],
    ['gọi (091) 234-5679', 'gọi [số điện thoại]', 'phone with parentheses'],
    ['sđt +84912345678', 'sđt [số điện thoại]', 'international phone'],
    ['Zalo +84 912 345 677', 'Zalo [số điện thoại]', 'international phone in groups'],
    ['lh 0912.345.675', 'lh [số điện thoại]', 'phone with dots'],
    ['sdt0983456789', 'sdt[số điện thoại]', 'phone glued to letters'],
    ['0123456789 0912345678', '[mã số BHXH] [số điện thoại]', 'two numbers side by side'],
    ['sđt 84.912.345.678 nhé', 'sđt [số điện thoại] nhé', 'phone with the country code, dotted like money'],
    ['cmnd 025123456', 'cmnd [số CMND]', 'old 9-digit identity card after its name'],
    [
      'số chứng minh nhân dân: 025 123 456',
      'số chứng minh nhân dân: [số CMND]',
      'old identity card in groups',
    ],
  ])('redacts %s (%s)', (input, expected) => {
    expect(redactIdentifiers(input)).toBe(expected);
    expect(containsIdentifier(redactIdentifiers(input))).toBe(false);
  });

  it('keeps amounts, dates, hotline, years, percentages and legal document numbers readable', () => {
    for (const text of [
      'Mức đóng 374.000 đồng từ 01/07/2025 theo NĐ 159/2025/NĐ-CP, gọi 1900 9068.',
      'Nghị định 188/2025/NĐ-CP, Luật 41/2024/QH15, Quyết định 595/QĐ-BHXH.',
      'Thu nhập 1.500.000 đồng, mức tham chiếu 2.340.000, hoặc 1tr5; tài sản 1.500.000.000 đồng.',
      'Từ năm 2025, đóng 22% thu nhập; hỗ trợ 30%; tổng đài 1900 9068 (miễn phí).',
      'Từ ngày 01/7/2025, áp dụng đến 31/12/2026.',
    ]) {
      expect(redactIdentifiers(text)).toBe(text);
      expect(containsIdentifier(text)).toBe(false);
    }
  });

  it('masks every code, card number, CCCD and phone however it is typed (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(bhxhCodeArb, phoneArb, cccdArb, cardArb),
        fc.constantFrom('', 'x', 'ma ', 'sdt:', ' '),
        (typed, glue) => {
          const text = `${glue}${typed.typed}${glue.trim()}`;
          expect(survivors(redactIdentifiers(text), [typed.identifier])).toEqual([]);
        },
      ),
      { numRuns: 400, seed: 20261201 },
    );
  });
});

describe('redactIdentifiersAndDates (questions, card turns, application logs)', () => {
  it.each([
    ['sinh 1962/05/17', 'sinh [ngày]'],
    ['sinh 17 5 1962', 'sinh [ngày]'],
    ['ngày 17 tháng 5 năm 1962', '[ngày]'],
    ['17 thg 5 1962', '[ngày]'],
    ['sinh 21-09-66', 'sinh [ngày]'],
    ['0123456789 17 5 1962', '[mã số BHXH] [ngày]'],
    ['17 05 1962 09 1234 5678', '[ngày] [số điện thoại]'],
    ['ns17051962', 'ns[ngày]'],
    ['sinh nam 1962 thang 5 ngay 17', 'sinh [ngày]'],
    ['năm 1962, tháng 05, ngày 17', '[ngày]'],
  ])('masks %s', (input, expected) => {
    expect(redactIdentifiersAndDates(input)).toBe(expected);
  });

  it('masks every identifier and date inside Vietnamese sentences, with or without diacritics (property)', () => {
    fc.assert(
      fc.property(sentenceArb, (sentence) => {
        expect(survivors(redactIdentifiersAndDates(sentence.typed), [sentence.identifier])).toEqual([]);
      }),
      { numRuns: 600, seed: 20261202 },
    );
  });

  it('finds every date of birth in every order and spelling (property)', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(redactIdentifiersAndDates(`sinh ${date.typed} nhé`)).toBe('sinh [ngày] nhé');
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
