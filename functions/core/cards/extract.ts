/**
 * Finding a BHXH code and a date of birth in what a citizen typed: "0123456789 12/03/1985",
 * "mã 0123456789, sinh ngày 12 tháng 3 năm 1985", or a whole card number "GD4797932112345".
 * Codes and dates are found by the same finder that redacts them (privacy/identifiers.ts), so
 * whatever the lookup understands, the logs mask.
 *
 * A phone number is not a BHXH code. Both have 10 digits, and a code's first two digits are a
 * province code (01–99), so a number starting 03/05/07/08/09 could be either. The rule
 * (docs/design/privacy.md, "Identifiers and redaction"):
 *   - a card number gives its code; 10 digits not starting like a mobile number are a code;
 *   - a mobile-shaped number is a phone when "+84"/"84" precedes it, when it is typed in groups
 *     or with parentheses ("0912 345 678", "(091) 234-5678"), or when the nearest cue word is
 *     a phone's ("sđt", "số điện thoại", "zalo", "gọi", "liên hệ"…);
 *   - it is a code when the nearest cue word is a code's ("mã", "mã số", "bhxh", "thẻ");
 *   - otherwise the bot cannot tell: it asks the citizen to send the code with the word "mã",
 *     and keeps nothing.
 * A 12-digit CCCD is never a code: the bot says it needs the code printed on the card.
 */
import { findDates, findIdentifiers, foldAligned, type IdentifierSpan } from '../privacy/identifiers.js';
import { isoDate } from './card.js';

export type Found<T> =
  | { readonly kind: 'found'; readonly value: T }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'absent' };

/** What the message gives for the code. */
export type CodeReading =
  | Found<string>
  /** A phone number or a CCCD, which the lookup cannot use (and must not keep). */
  | { readonly kind: 'not-a-code'; readonly identifier: 'phone' | 'cccd' }
  /** Ten digits that may be a phone number or a code: ask, keep nothing. */
  | { readonly kind: 'unsure' };

/** A run of digits that is not part of a date and could be a mistyped code. */
const DIGIT_RUN = /(?<![\d/.-])\d{5,14}(?![\d/.-])/;
const COMPACT_DATE = /^(\d{2})(\d{2})(\d{4})$/;

const PHONE_WORDS =
  /(?<![a-z])(?:sdt|so dien thoai|dien thoai|so dt|dt|zalo|goi|lien he|lien lac|lh|hotline|so may|nhan tin|sms|phone|tel|call)(?![a-z])/g;
const CODE_WORDS = /(?<![a-z])(?:ma|ma so|msbhxh|mbhxh|bhxh|so so|the|bhyt|code)(?![a-z])/g;

/** Where the last cue of a kind ends in `text`, or -1. */
function lastCueEnd(text: string, cue: RegExp): number {
  let end = -1;
  for (const match of text.matchAll(cue)) end = match.index + match[0].length;
  return end;
}

/** Where the first cue of a kind starts in `text`, or Infinity. */
function firstCueStart(text: string, cue: RegExp): number {
  return text.matchAll(cue).next().value?.index ?? Number.POSITIVE_INFINITY;
}

/**
 * The cue word nearest a mobile-shaped number: among the words just before it (back to any
 * earlier number), else among the words just after.
 */
function cueOf(folded: string, span: IdentifierSpan): 'phone' | 'code' | undefined {
  const before = folded.slice(Math.max(0, span.start - 40), span.start).replace(/^.*\d/, '');
  const phoneBefore = lastCueEnd(before, PHONE_WORDS);
  const codeBefore = lastCueEnd(before, CODE_WORDS);
  if (phoneBefore >= 0 || codeBefore >= 0) return phoneBefore > codeBefore ? 'phone' : 'code';
  const after = folded.slice(span.end, span.end + 30).replace(/\d.*$/, '');
  const phoneAfter = firstCueStart(after, PHONE_WORDS);
  const codeAfter = firstCueStart(after, CODE_WORDS);
  if (phoneAfter === codeAfter) return undefined;
  return phoneAfter < codeAfter ? 'phone' : 'code';
}

/** The 10-digit BHXH code: from a card number, or a 10-digit number that is not a phone's. */
export function findBhxhCode(text: string): CodeReading {
  const nfc = text.normalize('NFC');
  const dates = findDates(nfc);
  const spans = findIdentifiers(nfc, dates);
  const folded = foldAligned(nfc);
  const card = spans.find((span) => span.kind === 'card');
  if (card) return { kind: 'found', value: card.digits };
  let unsure = false;
  let phone = false;
  for (const span of spans) {
    if (span.kind === 'bhxh') return { kind: 'found', value: span.digits };
    if (span.kind !== 'phone') continue;
    const international = span.digits.length !== 10;
    const cue = international ? 'phone' : cueOf(folded, span);
    if (cue === 'code') return { kind: 'found', value: span.digits };
    if (cue === 'phone' || span.punctuated) phone = true;
    else unsure = true;
  }
  if (unsure) return { kind: 'unsure' };
  if (phone) return { kind: 'not-a-code', identifier: 'phone' };
  if (spans.some((span) => span.kind === 'cccd')) return { kind: 'not-a-code', identifier: 'cccd' };
  const rest = [...dates, ...spans].reduce(
    (result, span) =>
      result.slice(0, span.start) + ' '.repeat(span.end - span.start) + result.slice(span.end),
    nfc,
  );
  return DIGIT_RUN.test(rest.replace(/\s+/g, ' ')) ? { kind: 'invalid' } : { kind: 'absent' };
}

/**
 * The date of birth as YYYY-MM-DD, in any order and separator the redaction knows ("17/5/1962",
 * "1962-05-17", "17 5 1962", "ngày 17 tháng 5 năm 1962", "17 thg 5 1962"). A 2-digit year is
 * invalid (1962 or 2062?): the bot asks again. `compact` also accepts "12031985", only when the
 * bot has just asked for the date, so a code is never mistaken for a date.
 */
export function findDateOfBirth(text: string, options: { compact?: boolean } = {}): Found<string> {
  const spans = findDates(text).filter((span) => !span.compact);
  const date = spans[0];
  if (date) {
    if (date.yearDigits !== 4) return { kind: 'invalid' };
    const iso = isoDate(date.year, date.month, date.day);
    return iso ? { kind: 'found', value: iso } : { kind: 'invalid' };
  }
  // Day, month and year in range but not a calendar day ("31/02/1985"): mistyped, ask again.
  if (
    /(?<!\d)(?:[12]\d|3[01])\s?[/.-]\s?0?2\s?[/.-]\s?\d{2,4}(?!\d)|(?<!\d)31\s?[/.-]\s?(?:0?[469]|11)\s?[/.-]\s?\d{2,4}(?!\d)/.test(
      text,
    )
  )
    return { kind: 'invalid' };
  if (options.compact) {
    const compact = COMPACT_DATE.exec(text.trim());
    if (compact) {
      const iso = isoDate(Number(compact[3]), Number(compact[2]), Number(compact[1]));
      return iso ? { kind: 'found', value: iso } : { kind: 'invalid' };
    }
  }
  return { kind: 'absent' };
}

/** True when the message is little more than numbers (an answer to "code?"/"date?", not a question). */
export function looksLikeAnAnswer(text: string): boolean {
  return text.replace(/[\d\s/.,:;()+-]/g, '').length <= 24;
}
