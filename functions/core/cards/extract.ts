/**
 * Finding a BHXH code and a date of birth in what a citizen typed: "0123456789 12/03/1985",
 * "mã 0123456789, sinh ngày 12 tháng 3 năm 1985", or a whole card number "GD4797932112345".
 */
import { foldVietnamese } from '../text/fold.js';
import { isoDate } from './card.js';

export type Found<T> =
  | { readonly kind: 'found'; readonly value: T }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'absent' };

const CARD_NUMBER = /(?<![A-Za-z0-9])[A-Za-z]{2}\s?[1-5]\s?\d{2}\s?(\d{10})(?!\d)/;
const TEN_DIGITS = /(?<![\d/.-])(\d{10})(?![\d/.-])/g;
/** A run of digits that is not part of a date and could be a mistyped code. */
const DIGIT_RUN = /(?<![\d/.-])\d{5,14}(?![\d/.-])/;

const NUMERIC_DATE = /(?<!\d)(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{2,4})(?!\d)/;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/;
/** "ngày 12 tháng 3 năm 1985", "12 tháng 3 1985" (matched on folded text). */
const WORDED_DATE = /\b(\d{1,2}),? thang (\d{1,2}),?(?: nam)? (\d{2,4})\b/;
const COMPACT_DATE = /^(\d{2})(\d{2})(\d{4})$/;

/** The 10-digit BHXH code: from a card number, or a lone 10-digit number. */
export function findBhxhCode(text: string): Found<string> {
  const card = CARD_NUMBER.exec(text);
  if (card?.[1]) return { kind: 'found', value: card[1] };
  const withoutDates = text.replace(NUMERIC_DATE, ' ').replace(ISO_DATE, ' ');
  const codes = [...withoutDates.matchAll(TEN_DIGITS)].map((match) => match[1] as string);
  if (codes[0]) return { kind: 'found', value: codes[0] };
  return DIGIT_RUN.test(withoutDates.replace(/\s+/g, ' ')) ? { kind: 'invalid' } : { kind: 'absent' };
}

/**
 * The date of birth as YYYY-MM-DD. `compact` also accepts "12031985" (only when the bot has
 * just asked for the date, so a code is never mistaken for a date).
 */
export function findDateOfBirth(text: string, options: { compact?: boolean } = {}): Found<string> {
  const iso = ISO_DATE.exec(text);
  if (iso) return toFound(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return toFound(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]), numeric[3]);
  const worded = WORDED_DATE.exec(foldVietnamese(text));
  if (worded) return toFound(Number(worded[3]), Number(worded[2]), Number(worded[1]), worded[3]);
  if (options.compact) {
    const compact = COMPACT_DATE.exec(text.trim());
    if (compact) return toFound(Number(compact[3]), Number(compact[2]), Number(compact[1]));
  }
  return { kind: 'absent' };
}

function toFound(year: number, month: number, day: number, yearText?: string): Found<string> {
  // A two-digit year is ambiguous (1985 or 2085?): ask again rather than guess.
  if (yearText !== undefined && yearText.length !== 4) return { kind: 'invalid' };
  const date = isoDate(year, month, day);
  return date ? { kind: 'found', value: date } : { kind: 'invalid' };
}

/** True when the message is little more than numbers (an answer to "code?"/"date?", not a question). */
export function looksLikeAnAnswer(text: string): boolean {
  return text.replace(/[\d\s/.,:;-]/g, '').length <= 24;
}
