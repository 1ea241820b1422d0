/**
 * Who a BHXH tự nguyện question pays for, when it is more than the one asking:
 *  - one income for several people: "cả hai vợ chồng đóng mức 2 triệu", "2 vợ chồng tôi cùng
 *    đóng", "nhà tôi 3 người muốn đóng mức 2 triệu";
 *  - an income for each person: "tôi mức 3 triệu, vợ tôi mức 2 triệu, con trai mức 1,5 triệu".
 * A household size said in passing ("nhà mình 5 khẩu, vợ chồng mình …") is not a count of
 * payers: the count must come with the people who pay or with the verb.
 */
import { mayBeNumberWord, type Reading } from '../../text/reading.js';
import type { AmountMatch } from './amount.js';
import { COUNT_PATTERN, countValue } from './numbers.js';

/** Words between the people and the verb: "vợ chồng tôi (đều muốn) đóng". */
const BEFORE_VERB =
  '(?: (?:toi|em|minh|tui|anh|chi))?(?: (?:deu|cung|muon|se|dinh|can|phai|dang ky))* (?:dong|tham gia|nop|het|mat|ton)\\b';
/** Pairs and families named as one: "vợ chồng", "bố mẹ", "2 mẹ con", "3 anh em". */
const PAIR = '(?:vo chong|vc|bo me|cha me|ong ba|me con|bo con|anh em|chi em)';
/**
 * "cả hai vợ chồng đóng", "2 vợ chồng tôi cùng tham gia", "đóng cho cả hai vợ chồng", "2 mẹ
 * con em muốn đóng", "bố mẹ em đều đóng", "cả vợ lẫn chồng": the people named pay. Not "2 vc
 * đều không có bhxh, em muốn đóng cho vợ".
 */
const COUNTED_PAIR = new RegExp(
  `\\b(?:ca )?${COUNT_PATTERN} ${PAIR}${BEFORE_VERB}|\\bcho ca ${COUNT_PATTERN} ${PAIR}\\b|` +
    `\\bca ${COUNT_PATTERN} ${PAIR}\\b(?! (?:deu )?(?:khong|ko|chua|da co))`,
  'g',
);
const BOTH =
  /\bca (?:vo|chong|bo|me) (?:va|lan|voi) (?:vo|chong|bo|me)\b|\b(?:bo|cha|ba) va (?:me|ma)(?: (?:toi|em|minh|tui|anh|chi))? (?:deu|cung)\b|\b(?:vo chong|vc|bo me|cha me|ong ba) (?:toi|em|minh|tui|anh|chi) (?:deu|cung|ca hai)(?: (?:toi|em|minh|tui|anh|chi))?(?: (?:deu|cung|muon|se|dinh|can|phai|dang ky))* (?:dong|tham gia|nop|het|mat|ton)\b/;
/** "3 người (đều / cùng / muốn) đóng", "cả 3 người tham gia": a count of the people paying. */
const COUNTED = new RegExp(
  `\\b${COUNT_PATTERN} (?:nguoi|ng)\\b(?=(?: (?:nha (?:toi|em|minh)|deu|cung|muon|se|dinh|can|phai|dang ky|cung muon|deu muon))* (?:dong|tham gia|nop|het)\\b)`,
  'g',
);

/** "đóng mức 2 triệu cho 2 người", "cho cả 3 người", "cho 2 đứa con": the people paid for. */
const PAID_FOR = new RegExp(`\\bcho (?:ca )?${COUNT_PATTERN} (?:nguoi|ng|dua con|dua|con|chau)\\b`, 'g');

/** How many people pay at the one income named, when more than one. */
export function parsePayerCount(reading: Reading): number | undefined {
  const { folded } = reading;
  for (const match of folded.matchAll(PAID_FOR)) {
    const word = match[1] ?? '';
    if (!mayBeNumberWord(reading, match.index + match[0].lastIndexOf(word), word)) continue;
    const value = countValue(word);
    if (value !== undefined && value >= 2 && value <= 10) return value;
  }
  for (const match of folded.matchAll(COUNTED)) {
    const word = match[1] ?? '';
    if (!mayBeNumberWord(reading, match.index, word)) continue;
    const value = countValue(word);
    if (value !== undefined && value >= 2 && value <= 10) return value;
  }
  for (const match of folded.matchAll(COUNTED_PAIR)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    if (!mayBeNumberWord(reading, match.index + match[0].indexOf(word), word)) continue;
    const value = countValue(word);
    if (value !== undefined && value >= 2 && value <= 10) return value;
  }
  if (BOTH.test(folded)) return 2;
  return undefined;
}

/**
 * A person named between two incomes: "…, vợ tôi mức 2 triệu", "còn con trai 1,5 triệu". Not
 * "chỉ" (only), which folds like "chị", nor "má" (mother), which folds like "mà" (but): "mà em
 * chỉ đóng mức 4 triệu".
 */
const PERSON =
  /\b(?:toi|em|e|minh|tui|vo|chong|con|bo|me|cha|anh|chi(?! (?:dong|muon|can|co|duoc|lam|tham gia|nop|chon|dinh))|ong|ba|chau|nguoi (?:thu|kia|con lai))\b/;
/** The one asking. */
const SELF = new Set(['toi', 'em', 'e', 'minh', 'tui']);
/**
 * Alternatives and ranges are not people: "2 triệu hay 3 triệu", "từ 1,5 đến 50 triệu" ("tới"
 * is left out: folded it is also "tôi"); nor is a contrast: "thu nhập 8 triệu nhưng chỉ muốn
 * đóng mức 4 triệu" (folded, "chỉ" is also "chị").
 */
const ALTERNATIVE = /\b(?:hay|hoac|den|so voi|nen|hon|nhung|ma chi)\b|[-–~]/;

/**
 * The incomes of several people, one each, in the order named; undefined unless every income
 * after the first follows a person of its own.
 */
export function perPersonIncomes(folded: string, amounts: readonly AmountMatch[]): number[] | undefined {
  if (amounts.length < 2) return undefined;
  const subjects: string[] = [];
  for (let index = 1; index < amounts.length; index++) {
    const between = folded.slice(amounts[index - 1]?.end ?? 0, amounts[index]?.start ?? 0);
    const subject = PERSON.exec(between)?.[0];
    if (!subject || ALTERNATIVE.test(between)) return undefined;
    subjects.push(subject);
  }
  // "Lương 6 triệu. Nay tôi muốn đóng mức 3 triệu": the one asking, twice, is one person.
  const firstSubject = PERSON.exec(folded.slice(0, amounts[0]?.start ?? 0))?.[0];
  const onlySelf = subjects.every((subject) => SELF.has(subject));
  if (onlySelf && (firstSubject === undefined || SELF.has(firstSubject))) return undefined;
  return amounts.map((amount) => amount.value);
}

/** Right before an amount, what the person earns ("lương 6 triệu", "thu nhập tầm 15tr"). */
const EARNINGS =
  /\b(?:luong|kiem(?: duoc)?|lam ra|thu nhap(?: (?:thuc te|hang thang|moi thang|thang))?)(?:\s+(?:khoang|tam|chung|tren|duoi|hon|co|la|duoc|ca))*\s*(?:\d+(?:[.,]\d+)?\s*[-–~]\s*)?$/;
/** Before an amount, in its clause: the income chosen to pay on ("mức 4 triệu", "chọn … 8 triệu"). */
const CHOSEN = /\b(?:muc|chon|dong theo|theo muc|can cu|dang ky)\b[^,.;!?]*$/;

/**
 * One person's earnings and chosen income in one message ("thu nhập tầm 15tr mà em chỉ đóng
 * mức 4tr"): the chosen income, when an amount is plainly the earnings and another is chosen.
 */
export function chosenIncome(folded: string, amounts: readonly AmountMatch[]): AmountMatch | undefined {
  const before = (amount: AmountMatch) => folded.slice(Math.max(0, amount.start - 40), amount.start);
  const earnings = amounts.filter(
    (amount) => EARNINGS.test(before(amount)) && !/\bmuc\b[^,.;!?]*$/.test(before(amount)),
  );
  if (earnings.length === 0) return undefined;
  return amounts.findLast((amount) => !earnings.includes(amount) && CHOSEN.test(before(amount)));
}
