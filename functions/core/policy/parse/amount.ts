/**
 * Money amounts as citizens type them, read from folded text (lower case, no diacritics):
 * "2 triệu", "2tr", "1tr5", "1,5tr", "2 triệu rưỡi", "1 triệu 200 nghìn", "1.500.000đ",
 * "1500000", "1500k", "500 nghìn", "2 củ", "3 trieu", "hai triệu", "1 tỷ".
 * Written by hand: no maintained library covers these colloquial Vietnamese forms.
 */
import { maskIdentifiersForParsing } from '../../privacy/identifiers.js';
import { asReading, mayBeNumberWord, type Reading, typedAs } from '../../text/reading.js';
import { NUMBER_WORDS } from './numbers.js';

export interface AmountMatch {
  /** Whole đồng. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

const WORDS = Object.keys(NUMBER_WORDS).join('|');
const DECIMAL = String.raw`\d+(?:[.,]\d{1,2})?(?!\d)`;
const MILLION_UNIT = '(?:trieu|tr|cu|m)(?![a-z])';

/**
 * A number right after an amount belongs to the next unit when one follows: in "10 triệu 1 năm"
 * or "2 triệu 3 tháng" it is a period, not "10 triệu 1" (= 10.100.000).
 */
const NOT_ANOTHER_UNIT = String.raw`(?!\s*(?:nam|thang|nguoi|ng|lan|tuoi|ngay|thanh vien|khau|quy|ky|dua|chau|con)(?![a-z]))`;
/**
 * "một triệu tám" = 1.800.000: a digit word after the unit, where the sentence goes on as if
 * the amount had ended ("một triệu tám, đóng hằng tháng"). Not "năm" (a year: "2 triệu năm
 * 2026") nor "mười".
 */
const TENTH_WORDS = Object.keys(NUMBER_WORDS)
  .filter((word) => word !== 'nam' && word !== 'muoi')
  .join('|');
/** "năm trăm" is five hundred wherever it stands. */
const HUNDRED_WORDS = Object.keys(NUMBER_WORDS)
  .filter((word) => word !== 'muoi')
  .join('|');
const AMOUNT_ENDS = String.raw`(?=\s*(?:$|[,.;!?)/]|(?:thi|la|dong|moi|mot thang|1 thang|a|nhe|nha|ha|vay|nhi|thoi|het|phai|bao)(?![a-z])))`;
/** "1tr5", "1,5 triệu", "2 triệu rưỡi", "1 triệu 200 nghìn", "2 củ", "hai triệu", "một triệu tám". */
const MILLIONS = new RegExp(
  String.raw`(?<![\d.,])(${DECIMAL}|\b(?:${WORDS}))\s*${MILLION_UNIT}(?:\s*(ruoi)\b|(?:(\d{1,3})(?!\d)|\s+(\d{1,3})(?!\d)(?=\s*(?:nghin|ngan|k)(?![a-z]))|\s+(\d{1,3})(?!\d)${NOT_ANOTHER_UNIT})(\s*(?:nghin|ngan|k)(?![a-z]))?|\s+(${TENTH_WORDS})${AMOUNT_ENDS}|\s+(${HUNDRED_WORDS}) tram(?:\s*(?:nghin|ngan))?(?![a-z]))?`,
  'g',
);
const BILLIONS = new RegExp(String.raw`(?<![\d.,])(${DECIMAL})\s*ty(?![a-z])`, 'g');
/** "1500k", "500 nghìn", "500 ngàn", and "1.500k", "1,500 nghìn" with the thousands grouped. */
const THOUSANDS = new RegExp(
  String.raw`(?<![\d.,])(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*(?![\d])|${DECIMAL})\s*(?:k|nghin|ngan)(?![a-z])`,
  'g',
);
/** "1.500.000", "1,500,000 đ", "2 000 000". */
const GROUPED = /(?<![\d.,])(\d{1,3}(?:([.,\s])\d{3})(?:\2\d{3})*)(?![\d]|[.,]\d)/g;
/** "1500000", "1500000đ": plain digits, at least 10.000 to leave years and counts alone. */
const PLAIN = /(?<![\d.,])(\d{5,12})(?![\d.,]\d)/g;

function decimal(text: string): number {
  return Number(text.replace(',', '.'));
}

function overlaps(taken: readonly AmountMatch[], start: number, end: number): boolean {
  return taken.some((match) => start < match.end && end > match.start);
}

/** Every amount in `folded`, in reading order. */
export function parseAmounts(input: Reading | string): AmountMatch[] {
  // A CCCD, a phone number, a card number or a date is never an amount.
  const reading = maskIdentifiersForParsing(asReading(input));
  const { folded } = reading;
  const found: AmountMatch[] = [];
  const add = (value: number, start: number, end: number): void => {
    if (!Number.isFinite(value) || value <= 0 || overlaps(found, start, end)) return;
    found.push({ value: Math.round(value), start, end });
  };
  // "củ" and "tỷ" as typed: "bà cụ", "năm cũ", "1 tý" are not money.
  const unitTyped = (match: RegExpMatchArray, unit: string, spellings: readonly string[]): boolean => {
    const at = match[0].indexOf(unit, match[1]?.length ?? 0);
    return (
      at < 0 ||
      typedAs(reading, (match.index ?? 0) + at, (match.index ?? 0) + at + unit.length, spellings) !== false
    );
  };
  for (const match of folded.matchAll(BILLIONS)) {
    if (!unitTyped(match, 'ty', ['tỷ', 'tỉ'])) continue;
    add(decimal(match[1] ?? '') * 1_000_000_000, match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(MILLIONS)) {
    const head = match[1] ?? '';
    const unit = /^(?:trieu|tr|cu|m)/.exec(match[0].slice(head.length).trimStart())?.[0] ?? '';
    if (unit === 'cu') {
      // "2 củ" is slang for two million; "bà cụ", "năm cũ" are not: a number word before "cu"
      // needs the accent typed, and a typed "cụ"/"cũ" is never money.
      if (!unitTyped(match, 'cu', ['củ'])) continue;
      if (!/^\d/.test(head) && !reading.hasDiacritics) continue;
    }
    if (!/^\d/.test(head) && !mayBeNumberWord(reading, match.index, head)) continue;
    const base = NUMBER_WORDS[head] ?? decimal(head);
    let value = base * 1_000_000;
    if (match[2]) value += 500_000;
    // "1tr5" = 1.500.000 (glued: always the amount's); "1 triệu 200 nghìn" = 1.200.000;
    // "1 triệu 5" = 1.500.000, but in "10 triệu 1 năm" the 1 belongs to the year.
    // "hai triệu tám trăm (nghìn)" = 2.800.000 ("2 triệu 8 trăm" is read as "2 triệu 8" above).
    const hundreds = match[8];
    if (hundreds) {
      const at = match.index + match[0].lastIndexOf(hundreds);
      if (mayBeNumberWord(reading, at, hundreds)) value += (NUMBER_WORDS[hundreds] ?? 0) * 100_000;
    }
    const tenthWord = match[7];
    if (tenthWord) {
      const at = match.index + match[0].length - tenthWord.length;
      // Typed with other accents it is no digit ("một triệu bà con"): the amount is the millions.
      if (mayBeNumberWord(reading, at, tenthWord)) value += ((NUMBER_WORDS[tenthWord] ?? 0) / 10) * 1_000_000;
    }
    const tail = match[3] ?? match[4] ?? match[5];
    if (tail) {
      value += match[6] ? Number(tail) * 1000 : (Number(tail) / 10 ** tail.length) * 1_000_000;
    }
    add(value, match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(THOUSANDS)) {
    const head = match[1] ?? '';
    // "1.500k": the dot groups thousands (1.500 × 1.000); "1,5k" is a decimal.
    const value = match[2] ? Number(head.replace(/[.,]/g, '')) : decimal(head);
    add(value * 1000, match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(GROUPED)) {
    const digits = (match[1] ?? '').replace(/[.,\s]/g, '');
    add(Number(digits), match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(PLAIN)) {
    add(Number(match[1]), match.index, match.index + match[0].length);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The first amount, if any. */
export function parseAmount(input: Reading | string): number | undefined {
  return parseAmounts(input)[0]?.value;
}

/**
 * A reply that is only a number, typed when the bot asked for an income: "3" or "3,5"
 * means millions (nobody earns 3 đồng), "3000000" means đồng.
 */
export function parseBareAmount(folded: string): number | undefined {
  const { folded: masked } = maskIdentifiersForParsing(asReading(folded));
  const match = /^(\d+(?:[.,]\d{1,2})?)\s*(?:d|dong|vnd)?\s*[.!]?$/.exec(masked.trim());
  if (!match?.[1]) return undefined;
  const value = decimal(match[1]);
  if (value > 0 && value < 1000) return Math.round(value * 1_000_000);
  if (value >= 100_000) return Math.round(value);
  return undefined;
}
