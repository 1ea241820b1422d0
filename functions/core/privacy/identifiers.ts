/**
 * Finding citizens' identifiers and dates in text as people really type them: with spaces,
 * dots, dashes and parentheses inside, glued to letters ("sdt0912345678", "mathe:GD479…x"),
 * with or without +84. One finder serves the redaction of logs and documents
 * (privacy/redact.ts), the card lookup (which must tell a BHXH code from a phone number or a
 * CCCD) and the calculators (which must never read an identifier as an income or a count).
 *
 * How a digit run is read (docs/design/privacy.md, "Identifiers and redaction"):
 *   - A run is digits joined by at most three of ` .-()` (a leading "+" belongs to it). Letters
 *     end a run but need no word boundary: "cccd079185001234nhé" is a run of 12 digits.
 *   - Money is left alone: a run grouped in thousands ("1.500.000.000", "2 000 000", first group
 *     1–3 digits not starting with 0) is an amount, however long.
 *   - Otherwise the run is cut, at its group boundaries, into identifier-sized pieces that cover
 *     as many digits as possible: 10 digits (a BHXH code, or a mobile number when it starts with
 *     03/05/07/08/09), 12 digits (a CCCD; every CCCD starts with the 0 of its province code),
 *     11 or 12 digits starting with 84 (a mobile number with the country code). A single group
 *     longer than 12 digits is masked whole.
 *   - A BHYT card number is 2 letters, a benefit digit 1–5, a 2-digit province and the 10-digit
 *     BHXH code, with separators allowed between the parts.
 * Dates are found separately (findDates): day, month and year in every common order, with
 * slashes, dots, dashes or spaces, "ngày 17 tháng 5 năm 1962", "17 thg 5 1962", 2-digit years,
 * and 8-digit compact dates. A date must be a real calendar day.
 */

export type IdentifierKind = 'card' | 'cccd' | 'bhxh' | 'phone' | 'number';

export interface IdentifierSpan {
  readonly kind: IdentifierKind;
  /** [start, end) in the NFC text. */
  readonly start: number;
  readonly end: number;
  /** The digits only (a card: its 10-digit BHXH code). */
  readonly digits: string;
  /** Whether it was typed with separators inside (spaces, dots, dashes, parentheses) or a "+". */
  readonly punctuated: boolean;
}

export interface DateSpan {
  readonly start: number;
  readonly end: number;
  readonly year: number;
  /** The year as typed: 2 digits are ambiguous (1962 or 2062?). */
  readonly yearDigits: 2 | 4;
  readonly month: number;
  readonly day: number;
  /** Typed as 8 digits with nothing between ("17051962"), which could also be a number. */
  readonly compact: boolean;
}

// ------------------------------------------------------------------------------- folding

/**
 * Lower case without diacritics, đ→d, the same length as the NFC input, so a span found on
 * the folded text is the same span in what was typed.
 */
export function foldAligned(nfcText: string): string {
  let folded = '';
  for (const char of nfcText) {
    if (char === 'đ' || char === 'Đ') {
      folded += 'd';
      continue;
    }
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const lower = (base.length === char.length ? base : char).toLowerCase();
    folded += lower.length === char.length ? lower : char;
  }
  return folded;
}

// ----------------------------------------------------------------------------------- dates

const DAY = '(0?[1-9]|[12]\\d|3[01])';
const MONTH = '(0?[1-9]|1[0-2])';
const YEAR4 = '((?:19|20)\\d{2})';
const YEAR_ANY = '((?:19|20)\\d{2}|\\d{2})';
const SEPARATOR = '\\s*[/.\\-]\\s*';
const BEFORE = '(?<!\\d)';
const AFTER = '(?!\\d)';
/**
 * A date typed with spaces only is not cut out of a longer run of spaced digits ("09 17 05 1962
 * 12"); the redaction looks for dates again once the identifiers around them are masked.
 */
const SPACED_BEFORE = '(?<!\\d[ .\\-]?)';
const SPACED_AFTER = '(?![ .\\-]?\\d)';

interface DatePattern {
  readonly pattern: RegExp;
  /** Indices of the day, month and year groups. */
  readonly order: readonly [number, number, number];
  readonly compact?: boolean;
}

/** Matched on foldAligned text. */
const DATE_PATTERNS: readonly DatePattern[] = [
  // "ngày 17 tháng 5 năm 1962", "17 thg 5 1962", "17 tháng 05, 1962", "ngay 5 thang 11 nam 78"
  {
    pattern: new RegExp(
      `(?:ngay\\s*)?(?<!\\d)${DAY}\\s*,?\\s*(?:thang|thg|th)\\s*${MONTH}\\s*,?\\s*(?:(?:nam|n)\\s*${YEAR_ANY}|${YEAR4})(?!\\d)`,
      'g',
    ),
    order: [1, 2, 3],
  },
  // "năm 1962 tháng 5 ngày 17", "sinh nam 1962 thang 05 ngay 17" (year first, in words)
  {
    pattern: new RegExp(
      `(?:(?<![a-z])(?:nam|n)\\s*)?(?<!\\d)${YEAR4}\\s*,?\\s*(?:thang|thg|th)\\s*${MONTH}\\s*,?\\s*ngay\\s*${DAY}(?!\\d)`,
      'g',
    ),
    order: [3, 2, 1],
  },
  // 1962-05-17, 1962/05/17, 1962.5.17
  {
    pattern: new RegExp(`${BEFORE}${YEAR4}${SEPARATOR}${MONTH}${SEPARATOR}${DAY}${AFTER}`, 'g'),
    order: [3, 2, 1],
  },
  // 17/05/1962, 17-5-62, 17.05.1962, 17 / 5 / 1962
  {
    pattern: new RegExp(`${BEFORE}${DAY}${SEPARATOR}${MONTH}${SEPARATOR}${YEAR_ANY}${AFTER}`, 'g'),
    order: [1, 2, 3],
  },
  // 17 5 1962 (spaces only: a 4-digit year, so "4 người 2 con" stays a sentence)
  {
    pattern: new RegExp(`${SPACED_BEFORE}${DAY}\\s+${MONTH}\\s+${YEAR4}${SPACED_AFTER}`, 'g'),
    order: [1, 2, 3],
  },
  // 17051962 and 19620517
  {
    pattern: /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})(?!\d)/g,
    order: [1, 2, 3],
    compact: true,
  },
  {
    pattern: /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/g,
    order: [3, 2, 1],
    compact: true,
  },
];

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Every date in the text (NFC), in reading order, never overlapping. */
export function findDates(text: string): DateSpan[] {
  const folded = foldAligned(text.normalize('NFC'));
  const found: DateSpan[] = [];
  for (const { pattern, order, compact } of DATE_PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      const [dayAt, monthAt, yearAt] = order;
      // The worded pattern has the year in one of two groups.
      const yearText = match[yearAt] ?? match[yearAt + 1] ?? '';
      const day = Number(match[dayAt]);
      const month = Number(match[monthAt]);
      const yearDigits = yearText.length === 2 ? 2 : 4;
      // "29/2/00" is a day in 2000, not in 1900: a 2-digit year takes the century that makes a day.
      const year =
        yearDigits === 4
          ? Number(yearText)
          : [1900, 2000]
              .map((century) => century + Number(yearText))
              .find((full) => isCalendarDay(full, month, day));
      if (year === undefined || !isCalendarDay(year, month, day)) continue;
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((span) => start < span.end && end > span.start)) continue;
      found.push({ start, end, year, yearDigits, month, day, compact: compact === true });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// ----------------------------------------------------------------------------- identifiers

/** 2 letters, benefit digit 1–5, province, 10-digit code; separators allowed between parts. */
const CARD_NUMBER = /([a-z]{2})[ .-]?([1-5])[ .-]?(\d{2})[ .-]?(\d(?:[ .-]?\d){9})(?![ .-]?\d)/gi;
/** Digits joined by up to three separators; a leading "+" and "(" belong to the run. */
const DIGIT_RUN = /(?:\+\s?)?\(?\d(?:[ \u00a0.\-()]{0,3}\d)*\)?/g;
/**
 * An amount grouped in thousands. Not with spaces: "84 912 345 677" and "091 234 567 8" are
 * spaced like money, and an amount of ten digits or more is written with dots in practice.
 */
const MONEY_GROUPS = [/^[1-9]\d{0,2}(?:\.\d{3})+$/, /^[1-9]\d{0,2}(?:,\d{3})+$/];
const MOBILE = /^0[35789]\d{8}$/;
/** A mobile number with the country code: "84.912.345.678" is grouped like money but is a phone. */
const INTERNATIONAL_MOBILE = /^84[35789]\d{8}$/;

function looksLikeMoney(typed: string): boolean {
  return (
    MONEY_GROUPS.some((money) => money.test(typed)) && !INTERNATIONAL_MOBILE.test(typed.replace(/\D/g, ''))
  );
}

interface Group {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

function groupsOf(run: string, offset: number): Group[] {
  return [...run.matchAll(/\d+/g)].map((match) => ({
    digits: match[0],
    start: offset + match.index,
    end: offset + match.index + match[0].length,
  }));
}

/** What a piece of consecutive groups is, and how plausible that reading is (higher wins ties). */
function classify(
  digits: string,
  international: boolean,
  oneGroup: boolean,
): { kind: IdentifierKind; plausibility: number } | undefined {
  if (international && /^84[35789]\d{8}$/.test(digits)) return { kind: 'phone', plausibility: 3 };
  if (digits.length === 10)
    return MOBILE.test(digits) ? { kind: 'phone', plausibility: 2 } : { kind: 'bhxh', plausibility: 1 };
  // Every CCCD starts with the 0 of its province code; "1900 9068 0912" is not one.
  if (digits.length === 12 && (digits.startsWith('0') || oneGroup)) return { kind: 'cccd', plausibility: 2 };
  // An unbroken run of 11 or more digits is a mistyped identifier far more often than anything else.
  if (oneGroup && digits.length >= 11) return { kind: 'number', plausibility: 0 };
  return undefined;
}

interface Piece {
  readonly kind: IdentifierKind;
  readonly from: number;
  readonly to: number;
}

/**
 * The identifier pieces of a run's groups: a small dynamic programme over group boundaries
 * that covers the most digits, then prefers the more plausible readings.
 */
function cutRun(groups: readonly Group[], text: string, runStart: number): Piece[] {
  const count = groups.length;
  type Best = { covered: number; plausibility: number; pieces: Piece[] };
  const best: Best[] = Array.from({ length: count + 1 }, () => ({ covered: 0, plausibility: 0, pieces: [] }));
  for (let from = count - 1; from >= 0; from--) {
    let choice: Best = best[from + 1] as Best;
    let digits = '';
    for (let to = from; to < count && (to === from || digits.length < 13); to++) {
      digits += (groups[to] as Group).digits;
      const first = groups[from] as Group;
      const last = groups[to] as Group;
      const typed = text.slice(first.start, last.end);
      if (to > from && looksLikeMoney(typed)) continue;
      // Pieces typed in groups are grouped as people write numbers: no lone digit inside a code
      // or phone, groups of 3+ in a CCCD ("0123456789 12" is a code and a number, not a CCCD).
      const shortest = Math.min(...groups.slice(from, to + 1).map((group) => group.digits.length));
      if (to > from && (shortest < 2 || (digits.length === 12 && shortest < 3))) continue;
      const before = text.slice(runStart, first.start);
      const international = /\+\s?\(?$/.test(before) || digits.startsWith('84');
      const reading = classify(digits, international, to === from);
      if (!reading) continue;
      const rest = best[to + 1] as Best;
      const candidate: Best = {
        covered: rest.covered + digits.length,
        plausibility: rest.plausibility + reading.plausibility,
        pieces: [{ kind: reading.kind, from, to }, ...rest.pieces],
      };
      if (
        candidate.covered > choice.covered ||
        (candidate.covered === choice.covered && candidate.plausibility > choice.plausibility)
      )
        choice = candidate;
    }
    best[from] = choice;
  }
  return (best[0] as Best).pieces;
}

/**
 * Every identifier in the text (NFC), in reading order. Spans listed in `ignore` (e.g. dates
 * already found) are not read as digits.
 */
export function findIdentifiers(
  text: string,
  ignore: readonly { start: number; end: number }[] = [],
): IdentifierSpan[] {
  const nfc = text.normalize('NFC');
  const spans: IdentifierSpan[] = [];
  let blanked = blank(nfc, ignore);
  for (const match of blanked.matchAll(CARD_NUMBER)) {
    const typed = match[0];
    spans.push({
      kind: 'card',
      start: match.index,
      end: match.index + typed.length,
      digits: (match[4] ?? '').replace(/\D/g, ''),
      punctuated: /[^a-z0-9]/i.test(typed),
    });
  }
  blanked = blank(blanked, spans);
  for (const match of blanked.matchAll(DIGIT_RUN)) {
    const run = match[0];
    const digitCount = run.replace(/\D/g, '').length;
    if (digitCount < 10) continue;
    const trimmed = run.replace(/^[(\s]+|[)\s]+$/g, '');
    if (looksLikeMoney(trimmed)) continue;
    const groups = groupsOf(run, match.index);
    for (const piece of cutRun(groups, blanked, match.index)) {
      const first = groups[piece.from] as Group;
      const last = groups[piece.to] as Group;
      // A "+" or "(" just before, and a ")" just after, belong to the number.
      const lead = /(?:\+\s?)?\(?$/.exec(blanked.slice(match.index, first.start))?.[0] ?? '';
      const start = first.start - lead.length;
      const end = last.end + (blanked[last.end] === ')' && lead.includes('(') ? 1 : 0);
      spans.push({
        kind: piece.kind,
        start,
        end,
        digits: groups
          .slice(piece.from, piece.to + 1)
          .map((group) => group.digits)
          .join(''),
        punctuated: piece.to > piece.from || lead.length > 0,
      });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The text with the given spans replaced by "#", keeping every other position. */
export function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let result = text;
  for (const { start, end } of spans)
    result = result.slice(0, start) + '#'.repeat(end - start) + result.slice(end);
  return result;
}

/**
 * The old 9-digit identity card (CMND), still typed by older citizens. Nine digits alone are
 * too common to mask (amounts, counts), so only after its name: "cmnd 025123456",
 * "số chứng minh: 025 123 456".
 */
const CMND =
  /(?<![a-z])(?:cmnd|cmt|chung minh(?:\s+nhan\s+dan|\s+thu)?)\s*(?:so\s*)?[:.]?\s*(\d{3}[ .]?\d{3}[ .]?\d{3})(?![ .]?\d)/g;

/** Spans of CMND numbers named as such (the digits only, not the word before them). */
export function findOldIdentityCards(text: string): { start: number; end: number }[] {
  const folded = foldAligned(text.normalize('NFC'));
  return [...folded.matchAll(CMND)].map((match) => {
    const digits = match[1] ?? '';
    const end = match.index + match[0].length;
    return { start: end - digits.length, end };
  });
}

// ------------------------------------------------------------------------ for the parsers

/**
 * A compact date followed by a money unit typed as one is an amount after all ("10102000đ",
 * "10102000 đồng"). Matched on the typed text: "dong" without accents may be "đóng" (pay), and
 * when unsure the number is kept from the parsers (the bot then asks for the income).
 */
const MONEY_AFTER = /^\s*(?:đ|đồng|vnd|vnđ|k)(?![\p{L}])/u;

/**
 * The text as the number parsers must see it: every identifier and date replaced by "#", the
 * same length, so a CCCD is never read as "1.085.012.345 đồng", a phone as an income, a date
 * as a household size. Takes and gives a reading (typed and folded text side by side).
 */
export function maskIdentifiersForParsing<T extends { readonly text: string; readonly folded: string }>(
  reading: T,
): T {
  const folded = reading.folded;
  const dates = findDates(reading.text).filter(
    (date) => !(date.compact && MONEY_AFTER.test(reading.text.slice(date.end))),
  );
  const spans = [...dates, ...findIdentifiers(reading.text, dates)];
  if (spans.length === 0) return reading;
  return { ...reading, text: blank(reading.text, spans), folded: blank(folded, spans) };
}
