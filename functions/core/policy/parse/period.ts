/**
 * Payment period in months: "hằng tháng", "3 tháng", "6 tháng một lần", "1 năm",
 * "đóng 12 tháng một lần", "theo quý", "nửa năm", "2 năm một lần".
 */
import { COUNT_PATTERN, countValue } from './numbers.js';

const MONTHS = new RegExp(`(?<![\\d.,/])\\b${COUNT_PATTERN}\\s*thang\\b(?!\\s*tuoi)`, 'g');
const YEARS = new RegExp(
  `(?<![\\d.,/])\\b${COUNT_PATTERN}\\s*nam\\b(?=\\s*(?:mot lan|1 lan)|\\s*$|\\s*[,.?!]|\\s+(?:thi|la|het|phai|bao|dong|luon|tron))`,
  'g',
);

export function parsePeriodMonths(folded: string): number | undefined {
  if (/\b(?:hang|moi|tung) thang\b|\btheo thang\b/.test(folded)) return 1;
  if (/\b(?:hang|moi|ca|mot|1) quy\b|\btheo quy\b/.test(folded)) return 3;
  if (/\bnua nam\b/.test(folded)) return 6;
  if (/\b(?:hang|moi|ca|tron|theo) nam\b/.test(folded)) return 12;
  for (const match of folded.matchAll(MONTHS)) {
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value > 0) return value;
  }
  for (const match of folded.matchAll(YEARS)) {
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value > 0) return value * 12;
  }
  return undefined;
}
