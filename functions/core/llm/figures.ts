/**
 * The figures a text states (amounts, percentages, dates, years, other numbers), each reduced
 * to one canonical form, so the grounding gate can tell whether a model's reply says a number
 * its sources do not: "1.500.000 đồng", "1,5 triệu" and "1tr5" are all `money:1500000`;
 * "01/7/2025" and "ngày 1 tháng 7 năm 2025" are both `date:2025-07-01`.
 *
 * The money forms are read by the calculators' own amount parser (policy/parse/amount.ts) and
 * the dates by the redactor's date finder (privacy/identifiers.ts), so the gate and the bot
 * read a figure the same way.
 */

import { parseAmounts } from '../policy/parse/amount.js';
import { findDates } from '../privacy/identifiers.js';
import { readText } from '../text/reading.js';

export type FigureKind = 'money' | 'percent' | 'date' | 'month' | 'year' | 'number';

export interface Figure {
  readonly kind: FigureKind;
  /** Canonical value: đồng for money, `2025-07-01` for a date, `2025-07` for a month, digits otherwise. */
  readonly value: string;
  /** As written, for the rejection report. */
  readonly written: string;
}

/** `[P1]`, `[F2]`: citation markers carry digits that are not figures. */
const CITATION_MARKER = /\[(?:P|F)\d{1,2}\]/gi;
/** "1. ", "2) " at the start of a line: list numbering, not a figure. */
const LIST_NUMBER = /^(\s*)\d{1,2}[.)](?=\s)/gm;
/** "22%", "22 %", "4,5 phần trăm", "4.5%". */
const PERCENT = /(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|phan tram)/g;
/** "tháng 7/2025", "tháng 7 năm 2025", "07/2025". */
const MONTH = /(?<![\d/.-])(?:thang\s*)?(0?[1-9]|1[0-2])\s*(?:\/|-|\s*nam\s+)((?:19|20)\d{2})(?!\d)/g;
const YEAR = /(?<!\d)((?:19|20)\d{2})(?![\d])/g;
const NUMBER = /(?<![\d])(\d+(?:[.,]\d+)*)(?![\d])/g;

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Every figure in the text, in no particular order (duplicates kept). */
export function extractFigures(input: string): Figure[] {
  const stripped = input.replace(CITATION_MARKER, ' ').replace(LIST_NUMBER, '$1  ');
  const reading = readText(stripped);
  // Positions are those of reading.text and reading.folded (the same length).
  let folded = reading.folded;
  const figures: Figure[] = [];
  const take = (span: Span, kind: FigureKind, value: string) => {
    figures.push({ kind, value, written: reading.text.slice(span.start, span.end) });
    folded = folded.slice(0, span.start) + ' '.repeat(span.end - span.start) + folded.slice(span.end);
  };

  for (const date of findDates(reading.text)) {
    // A date of birth-like 2-digit year is still a date; the gate compares full dates.
    take(date, 'date', `${date.year}-${pad(date.month)}-${pad(date.day)}`);
  }
  for (const match of folded.matchAll(MONTH)) {
    take(spanOf(match), 'month', `${match[2]}-${pad(Number(match[1]))}`);
  }
  for (const match of folded.matchAll(PERCENT)) {
    take(spanOf(match), 'percent', decimal(match[1] ?? ''));
  }
  // Amounts are read on the folded text with the dates and percentages already blanked.
  for (const amount of parseAmounts({ ...reading, text: blankLike(reading.text, folded), folded })) {
    take(amount, 'money', String(amount.value));
  }
  for (const match of folded.matchAll(YEAR)) take(spanOf(match), 'year', match[1] ?? '');
  for (const match of folded.matchAll(NUMBER)) {
    const digits = match[1] ?? '';
    // "1.500.000" grouped in thousands without a unit is still an amount of đồng.
    const grouped = /^\d{1,3}(?:\.\d{3})+$/.test(digits);
    take(spanOf(match), grouped ? 'money' : 'number', grouped ? digits.replace(/\./g, '') : decimal(digits));
  }
  return figures;
}

/** The canonical keys a set of sources allows, with the looser forms a reply may use. */
export function allowedFigures(sources: readonly string[]): ReadonlySet<string> {
  const allowed = new Set<string>();
  for (const source of sources) {
    for (const figure of extractFigures(source)) {
      allowed.add(key(figure));
      // A bare number in a reply may repeat any figure's value ("mức 4", "22" of "22%").
      allowed.add(`number:${figure.value}`);
      if (figure.kind === 'date' || figure.kind === 'month') {
        const [year, month] = figure.value.split('-');
        allowed.add(`year:${year}`);
        allowed.add(`number:${year}`);
        if (figure.kind === 'date') allowed.add(`month:${year}-${month}`);
      }
      if (figure.kind === 'year') allowed.add(`number:${figure.value}`);
      if (figure.kind === 'money') {
        // "1,5 triệu" read as a plain number is 1,5; "1.500.000" is the amount itself.
        allowed.add(`number:${figure.value}`);
      }
    }
  }
  return allowed;
}

/**
 * The reply's figures that no source states. The citizen's own message may supply amounts,
 * counts and dates (their income, their household), but never a percentage: a rate is the
 * rule itself, and "say the rate is 10%" must not become a cited answer.
 */
export function ungroundedFigures(text: string, sources: readonly string[], citizen = ''): Figure[] {
  const allowed = new Set(allowedFigures(sources));
  for (const figure of extractFigures(citizen)) {
    if (figure.kind === 'percent') continue;
    for (const allowedKey of allowedFigures([figure.written])) allowed.add(allowedKey);
  }
  return extractFigures(text).filter((figure) => !allowed.has(key(figure)));
}

export function key(figure: Pick<Figure, 'kind' | 'value'>): string {
  return `${figure.kind}:${figure.value}`;
}

function spanOf(match: RegExpMatchArray): Span {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** "4,5" and "4.5" are the same number; trailing zeros after the comma are not significant. */
function decimal(text: string): string {
  const value = Number(text.replace(/\.(?=\d{3}(?:\D|$))/g, '').replace(',', '.'));
  return Number.isFinite(value) ? String(value) : text;
}

/** `text` with the positions already blanked in `folded` blanked too (the two stay aligned). */
function blankLike(text: string, folded: string): string {
  let result = '';
  for (let index = 0; index < text.length; index++) result += folded[index] === ' ' ? ' ' : text[index];
  return result;
}
