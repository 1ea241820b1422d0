/**
 * The date a question asks about, when it is not today: "năm 2019 mua bhyt hộ gia đình 1 người
 * hết bao nhiêu", "hồi 2023 hỗ trợ bhxh tự nguyện mấy phần trăm". Such a question is answered by
 * the rules of that year (the schedules and FAQ items are dated), on its last day, and the reply
 * says which date it used. Today's figures would answer another question.
 *
 * Not a year of birth ("sinh năm 1970"), nor a time the citizen has paid since ("đóng từ năm
 * 2019"), nor a past year in a question about now ("năm 2020 tôi nghỉ, giờ đóng tiếp thì bao
 * nhiêu").
 */
import type { Reading } from '../text/reading.js';

const PAST_YEAR = /\b(?:nam|hoi|thoi|vao|trong|dau|cuoi|giua|ngoai|truoc)\s+(20\d{2})\b/g;
/** "năm ngoái", "năm trước" with no year: the year before the turn's. */
const LAST_YEAR = /\b(?:hoi |vao |trong )?nam (?:ngoai|truoc)\b(?!\s*(?:20\d{2}|nua)\b)/;
const NOT_ASKED_ABOUT =
  /\b(?:sinh|sn|tu|den|toi|sau|truoc|tu sau|ke tu|bat dau)\s+(?:(?:nam|thang \d{1,2}(?:\s+nam)?|hoi)\s+)?$/;
/** Words that put the question in the present despite a past year in the message. */
const NOW =
  /\b(?:gio|bay gio|hien nay|hien tai|hien gio|nam nay|ngay nay|tu nay|sap toi|sap|sang nam|sau nay|tiep|dang)\b/;

/** The last day of the past year the question asks about, or undefined for today's rules. */
export function askedAboutDate(reading: Reading, asOf: string): string | undefined {
  const { folded } = reading;
  const currentYear = Number(asOf.slice(0, 4));
  let asked: number | undefined;
  for (const match of folded.matchAll(PAST_YEAR)) {
    const year = Number(match[1]);
    const start = match.index + match[0].length - (match[1]?.length ?? 0);
    if (year >= currentYear || year < 2000) return undefined;
    if (NOT_ASKED_ABOUT.test(folded.slice(Math.max(0, start - 30), start))) return undefined;
    asked = year;
  }
  if (asked === undefined && LAST_YEAR.test(folded)) asked = currentYear - 1;
  if (asked === undefined || NOW.test(folded)) return undefined;
  return `${asked}-12-31`;
}
