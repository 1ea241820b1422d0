import { describe, expect, it } from 'vitest';
import { containsIdentifier, redactIdentifiers } from '../../../../functions/core/privacy/redact.js';

describe('redactIdentifiers', () => {
  it.each([
    ['Mã thẻ GD4797932112345 của bà', 'Mã thẻ [mã thẻ BHYT] của bà', 'card'],
    ['thẻ gd 4 79 7932112345', 'thẻ [mã thẻ BHYT]', 'card with spaces'],
    ['mã số 7912345678 ngày sinh', 'mã số [mã số BHXH] ngày sinh', 'bhxh code'],
    ['CCCD 001085012345 cấp', 'CCCD [số CCCD] cấp', 'cccd'],
    ['gọi 0912 345 678 nhé', 'gọi [số điện thoại] nhé', 'phone with spaces'],
    ['sđt +84912345678', 'sđt [số điện thoại]', 'international phone'],
  ])('redacts %s (%s)', (input, expected) => {
    expect(redactIdentifiers(input)).toBe(expected);
    expect(containsIdentifier(redactIdentifiers(input))).toBe(false);
  });

  it('keeps amounts, dates, hotline and legal numbers', () => {
    const text = 'Mức đóng 374.000 đồng từ 01/07/2025 theo NĐ 159/2025/NĐ-CP, gọi 1900 9068.';
    expect(redactIdentifiers(text)).toBe(text);
  });
});
