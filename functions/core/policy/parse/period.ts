/**
 * Payment period in months: "hằng tháng", "3 tháng", "6 tháng một lần", "1 năm",
 * "đóng 12 tháng một lần", "theo quý", "nửa năm", "2 năm một lần".
 * "sau tháng 7" (after July) is not "sáu tháng": the typed accents decide, and without them
 * a month number right after says it is a date.
 */
import { type Reading, typedAs } from '../../text/reading.js';
import { COUNT_PATTERN, countValue } from './numbers.js';

const MONTHS = new RegExp(`(?<![\\d.,/])(?<!\\blop )\\b${COUNT_PATTERN}\\s*thang\\b(?!\\s*tuoi)`, 'g');
const YEARS = new RegExp(
  `(?<![\\d.,/])(?<!\\blop )\\b${COUNT_PATTERN}\\s*nam\\b(?=\\s*(?:mot lan|1 lan)|\\s*$|\\s*[,.?!()]|\\s+(?:thi|la|het|phai|bao|dong|luon|tron|theo muc|cho (?:me|bo|vo|chong|con|toi|em|minh|ca)\\b))`,
  'g',
);

/** "2 quý 1 lần", "đóng 2 quý": quarters counted (not "quý 1", the first quarter). */
const QUARTERS = new RegExp(`(?<![\\d.,/])\\b${COUNT_PATTERN}\\s*quy\\b(?!\\s*(?:dinh|trinh|che|tac))`);

const ONCE_FOR_YEARS = new RegExp(`\\b(?:mot|1) lan (?:cho |trong |luon )?${COUNT_PATTERN}\\s*nam\\b`);

const AFTER_AMOUNT = /(?:\d|(?:\d|\b)(?:trieu|tr|cu|k|nghin|ngan|d|vnd|ruoi))(?:\s*dong)?\s*\/?\s*$/;

/** "đã đóng 3 năm", "đóng được 8 tháng": time already contributed, not a period to pay. */
const ELAPSED =
  /\b(?:da|duoc|tung)\s+(?:co\s+)?(?:dong\s+|tham gia\s+|dong bhxh(?:\s+tu nguyen)?\s+)?(?:duoc\s+)?$/;

/** "đóng 1 năm bhxh", "tổng 5 năm": years to pay, whatever follows. */
const PAY_YEARS = new RegExp(
  `\\b(?:dong|nop|dong truoc|dong luon|dong tron|tong|tong cong)\\s+${COUNT_PATTERN}\\s*nam\\b(?!\\s*(?:nay|ngoai|truoc|qua|roi|moi|tuoi)\\b)`,
  'g',
);

/** "từ tháng 7 đến hết tháng 12", "từ tháng 7 đến hết năm": the months of that span. */
const MONTH_SPAN = /\btu thang (\d{1,2}) (?:den|toi) (?:het |cuoi )?(?:thang (\d{1,2})|nam)\b/;

/** "sau tháng 7": the word is "sau" (after), not "sáu" (six). */
function isAfterMonth(reading: Reading, start: number, word: string, rest: string): boolean {
  if (word !== 'sau') return false;
  const typed = typedAs(reading, start, start + 3, ['sáu']);
  if (typed !== undefined) return !typed;
  return /^\s*\d/.test(rest);
}

export function parsePeriodMonths(reading: Reading): number | undefined {
  // A counted period ("đóng luôn 1 năm", "6 tháng 1 lần") says more than "mỗi tháng", which
  // often only describes the income; the reply shows the monthly amount either way.
  return countedPeriod(reading) ?? namedPeriod(reading.folded);
}

function namedPeriod(folded: string): number | undefined {
  // "1 triệu rưỡi mỗi tháng, đóng cả năm": "mỗi tháng" often describes the income, so a longer
  // period named anywhere in the message is the one to pay for.
  return longerPeriod(folded) ?? (/\b(?:hang|moi|tung) thang\b|\btheo thang\b/.test(folded) ? 1 : undefined);
}

function longerPeriod(folded: string): number | undefined {
  // Not "theo quy định", "quy trình": only the quarter.
  if (
    /(?:\b(?:hang|moi|ca|mot|1) quy|\btheo quy)\b(?!\s*(?:dinh|trinh|che|tac|mo|uoc|doi|luat|hoach))/.test(
      folded,
    )
  )
    return 3;
  // "đóng quý 1 lần", "năm một lần": once a quarter, once a year (a count before it was read above).
  if (
    /\bquy (?:mot|1) lan\b|\bdong (?:theo )?quy\b(?!\s*(?:dinh|trinh|che|tac|mo|uoc|doi|luat|hoach))/.test(
      folded,
    )
  )
    return 3;
  if (/\bnua nam\b/.test(folded)) return 6;
  if (/\bnam (?:mot|1) lan\b/.test(folded)) return 12;
  // "mới năm nay" folds like "mỗi năm": a year that follows it is not a period.
  if (/\b(?:hang|moi|ca|tron|theo) nam\b(?!\s*(?:nay|ngoai|truoc|qua|sau|kia|roi|moi))/.test(folded))
    return 12;
  return undefined;
}

function countedPeriod(reading: Reading): number | undefined {
  const { folded } = reading;
  for (const match of folded.matchAll(MONTHS)) {
    const word = match[1] ?? '';
    if (isAfterMonth(reading, match.index, word, folded.slice(match.index + match[0].length))) continue;
    if (ELAPSED.test(folded.slice(0, match.index))) continue;
    // "3 triệu 1 tháng" is an income per month, not a payment period.
    if (countValue(word) === 1 && AFTER_AMOUNT.test(folded.slice(0, match.index))) continue;
    const value = countValue(word);
    if (value !== undefined && value > 0) return value;
  }
  const span = MONTH_SPAN.exec(folded);
  if (span?.[1]) {
    const from = Number(span[1]);
    const to = span[2] ? Number(span[2]) : 12;
    if (from >= 1 && to <= 12 && to >= from) return to - from + 1;
  }
  const quarters = QUARTERS.exec(folded);
  const quarterCount = quarters?.[1] ? countValue(quarters[1]) : undefined;
  if (quarterCount !== undefined && quarterCount > 0 && quarterCount <= 8) return quarterCount * 3;
  // "đóng 1 lần 5 năm", "một lần cho 2 năm": years paid at once.
  const once = ONCE_FOR_YEARS.exec(folded);
  const onceYears = once?.[1] ? countValue(once[1]) : undefined;
  if (onceYears !== undefined && onceYears > 0) return onceYears * 12;
  for (const match of folded.matchAll(PAY_YEARS)) {
    if (ELAPSED.test(folded.slice(0, match.index))) continue;
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value > 0) return value * 12;
  }
  for (const match of folded.matchAll(YEARS)) {
    if (ELAPSED.test(folded.slice(0, match.index))) continue;
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value > 0) return value * 12;
  }
  return undefined;
}
