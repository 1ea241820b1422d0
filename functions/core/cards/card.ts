/**
 * The BHYT card record kept per 10-digit BHXH code, its port, and the small date and
 * text helpers shared by the import and the lookup dialogue.
 *
 * Card number format (QĐ 1351/QĐ-BHXH): 2 letters (participant group), 1 digit (benefit
 * level 1–5), 2 digits (province), 10 digits (the BHXH code), e.g. GD4797932112345.
 */
import { foldVietnamese } from '../text/fold.js';

export interface CardContent {
  /** 10 digits; the table's partition key. */
  readonly bhxhCode: string;
  readonly fullName: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth: string;
  /** 15 characters, upper case, no spaces. */
  readonly cardNumber: string;
  /** YYYY-MM-DD */
  readonly validFrom: string;
  /** YYYY-MM-DD, inclusive. */
  readonly validTo: string;
  /** 1–5, the digit printed in the card number. */
  readonly benefitLevel: number;
  readonly facilityCode: string;
  readonly facilityName: string;
  /** YYYY-MM: the last month covered by contributions. */
  readonly paidThrough: string;
}

export interface CardRecord extends CardContent {
  /** ISO timestamp of the last import that changed the content. */
  readonly updatedAt: string;
}

export const CARD_CONTENT_FIELDS = [
  'bhxhCode',
  'fullName',
  'dateOfBirth',
  'cardNumber',
  'validFrom',
  'validTo',
  'benefitLevel',
  'facilityCode',
  'facilityName',
  'paidThrough',
] as const satisfies readonly (keyof CardContent)[];

export function sameContent(a: CardContent, b: CardContent): boolean {
  return CARD_CONTENT_FIELDS.every((field) => a[field] === b[field]);
}

export const BHXH_CODE_PATTERN = /^\d{10}$/;
export const CARD_NUMBER_PATTERN = /^([A-Z]{2})([1-5])(\d{2})(\d{10})$/;

/** "GD4797932112345" → "***********2345": only the last 4 characters are shown. */
export function maskCardNumber(cardNumber: string): string {
  const visible = cardNumber.slice(-4);
  return `${'*'.repeat(Math.max(cardNumber.length - 4, 0))}${visible}`;
}

/** Accent-, case- and spacing-insensitive name comparison ("Nguyễn  Văn Mẫu" = "nguyen van mau"). */
export function namesMatch(a: string, b: string): boolean {
  const fold = (name: string) => foldVietnamese(name.normalize('NFC'));
  return fold(a) !== '' && fold(a) === fold(b);
}

// ---------------------------------------------------------------------------------------
// Calendar dates as YYYY-MM-DD strings (no time zone involved).

/** The date if it exists on the calendar (no 31/02), as YYYY-MM-DD. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Accepts YYYY-MM-DD and dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy). */
export function parseFlexibleDate(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return undefined;
}

/** Accepts YYYY-MM and mm/yyyy (also m/yyyy, mm-yyyy); returns YYYY-MM. */
export function parseFlexibleMonth(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{1,2})$/.exec(value);
  const my = /^(\d{1,2})[/.-](\d{4})$/.exec(value);
  const year = Number(iso?.[1] ?? my?.[2]);
  const month = Number(iso?.[2] ?? my?.[1]);
  if (!iso && !my) return undefined;
  const date = isoDate(year, month, 1);
  return date?.slice(0, 7);
}

const DAY_MS = 86_400_000;

function utcMs(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS);
}

export function addDays(isoDay: string, days: number): string {
  return new Date(utcMs(isoDay) + days * DAY_MS).toISOString().slice(0, 10);
}

/** YYYY-MM + n months. */
export function addMonths(month: string, months: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, mon - 1 + months, 1));
  return date.toISOString().slice(0, 7);
}
