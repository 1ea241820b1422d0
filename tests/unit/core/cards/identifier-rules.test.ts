import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CodeReading, findBhxhCode } from '../../../../functions/core/cards/extract.js';
import { parseAmount, parseBareAmount } from '../../../../functions/core/policy/parse/amount.js';
import { parseBareCount, parseHouseholdSize } from '../../../../functions/core/policy/parse/household.js';
import { readText } from '../../../../functions/core/text/reading.js';
import { createHasher } from '../../../../functions/shared/hash.js';
import { createSessionSealer } from '../../../../functions/shared/seal.js';

describe('a phone number is not a BHXH code (the rule in cards/extract.ts)', () => {
  it.each<[string, CodeReading, string]>([
    ['9900000001', { kind: 'found', value: '9900000001' }, 'not starting like a mobile: a code'],
    ['mã số bhxh 99 0000 0004', { kind: 'found', value: '9900000004' }, 'a code in groups'],
    ['mathe:GD4797932112346x', { kind: 'found', value: '7932112346' }, 'a card number gives its code'],
    ['mã 0912345678', { kind: 'found', value: '0912345678' }, 'a code cue decides'],
    ['thẻ bhyt 0912345678 còn hạn không', { kind: 'found', value: '0912345678' }, 'the card is the cue'],
    ['0912345678', { kind: 'unsure' }, 'mobile-shaped, no cue: ask, keep nothing'],
    ['sdt 0912345678', { kind: 'not-a-code', identifier: 'phone' }, 'a phone cue'],
    ['số điện thoại của em là 0912345678', { kind: 'not-a-code', identifier: 'phone' }, 'the nearest cue'],
    ['0912345678 là sđt của em', { kind: 'not-a-code', identifier: 'phone' }, 'a cue after it'],
    ['0912 345 678', { kind: 'not-a-code', identifier: 'phone' }, 'typed in phone groups'],
    ['(091) 234-5679', { kind: 'not-a-code', identifier: 'phone' }, 'parentheses'],
    ['+84912345678', { kind: 'not-a-code', identifier: 'phone' }, '+84'],
    ['0010 8501 2345', { kind: 'not-a-code', identifier: 'cccd' }, 'a CCCD'],
    ['sđt 0383 456 789, mã bhxh 7912345679', { kind: 'found', value: '7912345679' }, 'both: the code'],
  ])('%s → %j (%s)', (text, expected, _why) => {
    expect(findBhxhCode(text)).toEqual(expected);
  });
});

describe('no parser reads an identifier or a date as a number', () => {
  it.each([
    'thu nhập 001.085.012.345 thì đóng bao nhiêu',
    'cccd 0010 8501 2345 đóng bao nhiêu',
    'lương 0912345678 thì đóng bao nhiêu',
    'lương (091) 234-5679',
    'thẻ GD4797932112346',
    'sinh 17051962 đóng bao nhiêu',
  ])('%s has no amount', (text) => {
    expect(parseAmount(readText(text))).toBeUndefined();
  });

  it('keeps real amounts, and a compact date typed with a money unit is an amount', () => {
    expect(parseAmount(readText('thu nhập 1.500.000 đồng'))).toBe(1_500_000);
    expect(parseAmount(readText('thu nhập 10102000đ'))).toBe(10_102_000);
    expect(parseBareAmount('0912345678')).toBeUndefined();
    expect(parseBareAmount('001085012345')).toBeUndefined();
    expect(parseBareAmount('3000000')).toBe(3_000_000);
  });

  it('reads no household size from a date or a phone', () => {
    expect(parseHouseholdSize(readText('sinh 17 5 1962, sđt 0912 345 678'))).toBeUndefined();
    expect(parseBareCount('17 5 1962')).toBeUndefined();
    expect(parseHouseholdSize(readText('nhà 4 người, sđt 0987 654 321'))).toBe(4);
  });
});

describe('session sealer (AES-256-GCM, key derived from the hash key)', () => {
  const sealer = createSessionSealer(createHasher('key-one'));

  it('cannot be opened with a key rebuilt from the hasher outputs anyone can obtain', () => {
    // v1 built the key from hash('session-seal:v1:a') + hash('session-seal:v1:b'); the console
    // hashes a sign-in email and shows the hash in the audit log, so anyone could rebuild it.
    const hash = createHasher('key-one');
    const sealed = sealer.seal('9900000001', 'telegram:abc');
    const [, ivText, bodyText] = sealed.split('.');
    const rebuilt = Buffer.from(`${hash('session-seal:v1:a')}${hash('session-seal:v1:b')}`, 'hex');
    const body = Buffer.from(bodyText ?? '', 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', rebuilt, Buffer.from(ivText ?? '', 'base64url'));
    decipher.setAAD(Buffer.from('telegram:abc', 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    decipher.update(body.subarray(0, body.length - 16));
    expect(() => decipher.final()).toThrow();
  });

  it('opens only in the session that sealed it, and only with the same key', () => {
    const sealed = sealer.seal('9900000001', 'telegram:abc');
    expect(sealed).toMatch(/^v2\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('9900000001');
    expect(sealer.open(sealed, 'telegram:abc')).toBe('9900000001');
    expect(sealer.open(sealed, 'telegram:other')).toBeUndefined();
    expect(createSessionSealer(createHasher('key-two')).open(sealed, 'telegram:abc')).toBeUndefined();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(sealer.open(tampered, 'telegram:abc')).toBeUndefined();
    expect(sealer.open('9900000001', 'telegram:abc')).toBeUndefined();
  });

  it('seals the same code differently each time (random IV)', () => {
    expect(sealer.seal('9900000001', 's')).not.toBe(sealer.seal('9900000001', 's'));
  });
});
