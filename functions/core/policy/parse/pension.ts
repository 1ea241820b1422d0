/**
 * Sex and years of contribution for the pension-rate question: "nam, đóng 18 năm",
 * "nữ 16 năm", "dan ong dong 25 nam". Folded text loses the difference between "nam"
 * (male) and "năm" (year), so with diacritics the typed text decides; without them a
 * "nam" right after a number is a year count and anything else is read as the sex.
 */
import { maskIdentifiersForParsing } from '../../privacy/identifiers.js';
import { asReading, readText, typedAs } from '../../text/reading.js';
import type { Sex } from '../schedules.js';

const FEMALE = /\b(?:nu|nu gioi|phu nu|dan ba|ba xa|lao dong nu|gioi tinh nu)\b/;
/** "chị em" (women), which folds like "chỉ em" (show me): only as typed, or without accents. */
const SISTERS = /\bchi em\b/g;
const MALE_WORDS =
  /\b(?:nam gioi|dan ong|ong xa|lao dong nam(?!\s*(?:nay|ngoai|truoc|qua|sau|kia|roi))|gioi tinh nam)\b/;
/** Place names and phrases where "nam" is not the sex. */
const NOT_SEX_AFTER =
  /^\s*(?:nay|ngoai|sau|truoc|toi|nao|roi|thu|hoc|moi|ngoai|dinh|bo|phi|my|trung|a\b|\d{4}|(?:qua|kia|trieu|tr|nghin|ngan|muoi|nguoi|thang|lan|tuoi|cu)\b)/;
const NOT_SEX_BEFORE =
  /(?:\d|\bso|\bnhieu|\bmay|\bbao|\bviet|\bmien|\bha|\bquang|\bphuong|\bhuong|\bcac|\bnhung|\bmoi|\bhang|\bcuoi|\bdau|\bgiua|\bnua|\bmot|\bhai|\bba|\bbon|\bsau|\bbay|\btam|\bchin|\bmuoi|\btu)\s*$/;

function hasDiacritics(text: string): boolean {
  return /[^ -~\s]/.test(text.normalize('NFC'));
}

/**
 * Whose pension it is, when the question names a relative: "bố em", "mẹ tôi", "chồng tôi". A
 * possessive must follow (folded "bo" is also "bỏ", "vo" also "vô"); "ba em" is left alone
 * because it is a father in the South and, typed as "bà em", a grandmother.
 */
const POSSESSIVE = '(?:em|toi|minh|tui|chau|con|anh|chi|ay)';
const MALE_RELATIVE = new RegExp(
  String.raw`\b(?:(?:bo|cha|chong|ong noi|ong ngoai) ${POSSESSIVE}|(?:anh|em|con) trai)\b`,
);
const FEMALE_RELATIVE = new RegExp(
  String.raw`\b(?:(?:me|vo|ba noi|ba ngoai) ${POSSESSIVE}|(?:chi|em|con) gai)\b`,
);

/**
 * "chị đóng 32 năm rồi", "anh đã tham gia 20 năm": the writer naming themself by the kinship
 * word they use with a younger listener. Read on the typed text, since folded "chi" is also
 * "chỉ" (only), "co" is "có" and "ba" is three; "anh" has no other reading.
 */
const SELF_AS_KIN =
  /(?:^|[.,!?;:]\s*)(chị|cô|bà|anh|chú|ông)\s+(?:(?:đã|mới|cũng|đang|thì)\s+)?(?:đóng|tham gia|có|được|làm)(?![\p{L}])/u;
const SELF_AS_KIN_FOLDED = /(?:^|[.,!?;:]\s*)anh\s+(?:(?:da|moi|cung|dang|thi)\s+)?(?:dong|tham gia)\b/;
const KIN_SEX: Readonly<Record<string, Sex>> = {
  chị: 'female',
  cô: 'female',
  bà: 'female',
  anh: 'male',
  chú: 'male',
  ông: 'male',
};

export function parseSex(text: string, folded: string): Sex | undefined {
  if (FEMALE.test(folded)) return 'female';
  const reading = readText(text);
  for (const match of reading.folded.matchAll(SISTERS)) {
    if (typedAs(reading, match.index, match.index + match[0].length, ['chị em']) !== false) return 'female';
  }
  if (MALE_WORDS.test(folded)) return 'male';
  const male = MALE_RELATIVE.test(folded);
  const female = FEMALE_RELATIVE.test(folded);
  if (male !== female) return male ? 'male' : 'female';
  const kin = SELF_AS_KIN.exec(text.normalize('NFC').toLowerCase())?.[1];
  if (kin) return KIN_SEX[kin];
  if (SELF_AS_KIN_FOLDED.test(folded)) return 'male';
  if (hasDiacritics(text)) {
    // "nam" written without a breve is the sex; "năm" is a year.
    const lower = text.normalize('NFC').toLowerCase();
    for (const match of lower.matchAll(/(?<![\p{L}\d])nam(?![\p{L}])/gu)) {
      const before = foldAscii(lower.slice(0, match.index));
      const after = foldAscii(lower.slice(match.index + 3));
      if (!NOT_SEX_BEFORE.test(before) && !NOT_SEX_AFTER.test(after)) return 'male';
    }
    return undefined;
  }
  for (const match of folded.matchAll(/\bnam\b/g)) {
    const before = folded.slice(0, match.index);
    const after = folded.slice(match.index + 3);
    if (!NOT_SEX_BEFORE.test(before) && !NOT_SEX_AFTER.test(after)) return 'male';
  }
  return undefined;
}

function foldAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd');
}

export interface YearsOfContribution {
  /** Whole years. */
  readonly years: number;
  /** Extra months given ("18 năm 6 tháng"), reported but not counted. */
  readonly extraMonths: number;
}

function maskForParsing(folded: string): string {
  return maskIdentifiersForParsing(asReading(folded)).folded;
}

/** "3 chục năm", "hai chục năm": tens of years. */
const TENS: Readonly<Record<string, number>> = { hai: 2, ba: 3, bon: 4, nam: 5, sau: 6 };
const YEARS =
  /(?<![\d.,/])(?<!\b(?:lop|thang) )(?:(\d{1,2})|\b(\d|hai|ba|bon|nam|sau) chuc)\s*nam\b(?!\s*(?:(?:nay|ngoai)\b|\d{4}))(?:\s*(\d{1,2})\s*thang\b)?/g;

/** "đóng thêm 5 năm nữa", "đóng tiếp tự nguyện 5 năm": years to add to those already told. */
const MORE_BEFORE = /\b(?:them|tiep)\b(?:\s+\S+){0,3}\s*$/;
const MORE_AFTER = /^\s*nua\b/;

/** "tổng 24 năm", "tổng cộng là 24 năm", "cho đủ 25 năm": the whole, which no other count adds to. */
const WHOLE = /\b(?:tong(?: cong)?(?: (?:la|duoc|co))?|cho du|du|tat ca(?: la)?|cong lai(?: la)?)\s+$/;

/** The years a YEARS match says; undefined above 60 ("ngày 17 tháng 5 năm 62" is a date). */
function yearsOf(match: RegExpMatchArray): YearsOfContribution | undefined {
  const tens = match[2];
  const years = tens ? 10 * (TENS[tens] ?? Number(tens)) : Number(match[1]);
  return years <= 60 ? { years, extraMonths: match[3] ? Number(match[3]) : 0 } : undefined;
}

export function parseContributionYears(folded: string): YearsOfContribution | undefined {
  const masked = maskForParsing(folded);
  for (const match of masked.matchAll(YEARS)) {
    const whole = yearsOf(match);
    if (whole && WHOLE.test(masked.slice(Math.max(0, match.index - 20), match.index))) return whole;
  }
  let found: YearsOfContribution | undefined;
  for (const match of masked.matchAll(YEARS)) {
    const counted = yearsOf(match);
    if (!counted) continue;
    const { years } = counted;
    if (!found) {
      found = counted;
      continue;
    }
    // "đã đóng 10 năm, giờ đóng thêm 5 năm nữa": the years to come add up.
    const before = masked.slice(Math.max(0, match.index - 30), match.index);
    const after = masked.slice(match.index + match[0].length);
    if (MORE_BEFORE.test(before) || MORE_AFTER.test(after)) found = { ...found, years: found.years + years };
    else break;
  }
  return found;
}

/**
 * "nếu đóng thêm 5 năm nữa thì sao": years to add to those of the previous answer, when the
 * only years the message names are more years.
 */
export function parseAdditionalYears(folded: string): YearsOfContribution | undefined {
  const masked = maskForParsing(folded);
  const matches = [...masked.matchAll(YEARS)];
  const match = matches[0];
  if (matches.length !== 1 || !match) return undefined;
  const before = masked.slice(Math.max(0, match.index - 30), match.index);
  const after = masked.slice(match.index + match[0].length);
  if (!MORE_BEFORE.test(before) && !MORE_AFTER.test(after)) return undefined;
  // "đóng thêm cho đủ 25 năm": 25 in all, not 25 more.
  if (WHOLE.test(before)) return undefined;
  return parseContributionYears(folded);
}

/** A reply that is only a number of years ("18", "18 năm"), typed when the bot asked. */
export function parseBareYears(folded: string): YearsOfContribution | undefined {
  const match = /^(\d{1,2})\s*(?:nam)?\s*[.!]?$/.exec(maskForParsing(folded).trim());
  if (!match?.[1]) return undefined;
  const years = Number(match[1]);
  return years <= 60 ? { years, extraMonths: 0 } : undefined;
}
