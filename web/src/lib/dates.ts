/**
 * Dates as Vietnamese staff type and read them: dd/mm/yyyy in text fields (Chrome renders
 * <input type="date"> in the OS locale, not the page's), YYYY-MM-DD on the wire, times in
 * Asia/Ho_Chi_Minh.
 */
import { vi } from '../vi.js';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "dd/mm/yyyy" (also d/m/yyyy, with "-" or "." between) → "YYYY-MM-DD"; undefined when it is
 * not a real calendar day (31/02/2026) or the year is outside 1900–2199.
 */
export function parseViDate(text: string): string | undefined {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "YYYY-MM-DD" → "dd/mm/yyyy"; anything else (free text such as "2025") is returned as is. */
export function formatViDate(iso: string | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** A date field's state: empty, a valid ISO date, or text that is not a date. */
export type DateField = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'invalid' };

export function readDateField(text: string): DateField {
  if (text.trim() === '') return { kind: 'empty' };
  const iso = parseViDate(text);
  return iso ? { kind: 'date', iso } : { kind: 'invalid' };
}

function parts(date: Date, withTime: boolean): Record<string, string> {
  const format = new Intl.DateTimeFormat('vi-VN', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

/** An ISO timestamp as "dd/mm/yyyy HH:mm", Vietnam time; unparsable input is returned as is. */
export function formatDateTime(timestamp: string | undefined): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  const p = parts(date, true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const p = parts(now, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "01/01/2025 – 31/12/2025", or "từ 01/01/2025" when open-ended. */
export function formatPeriod(from: string, to?: string): string {
  return to ? vi.period.range(formatViDate(from), formatViDate(to)) : vi.period.from(formatViDate(from));
}

const numberFormat = new Intl.NumberFormat('vi-VN');
/** 1.234 (Vietnamese grouping). */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** 0,91 */
export function formatScore(score: number): string {
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(score);
}
