/**
 * Household size: "nhà 4 người", "4 thành viên", "gia đình 5 người", "hộ có năm khẩu", "2ng";
 * or a household told as its members: "vợ chồng tôi và 2 đứa con", "bố mẹ và 2 vợ chồng em",
 * "cho mẹ em thôi". A number word typed with other accents is not a number ("bà con", "đóng
 * sau người chủ hộ").
 */
import { maskIdentifiersForParsing } from '../../privacy/identifiers.js';
import { asReading, mayBeNumberWord, type Reading } from '../../text/reading.js';
import { COUNT_PATTERN, countValue } from './numbers.js';

const SIZE = new RegExp(`(?<![\\d.,])\\b${COUNT_PATTERN}\\s*(?:nguoi|ng|thanh vien|nhan khau|khau)\\b`, 'g');

export function parseHouseholdSize(input: Reading | string): number | undefined {
  // A CCCD, a phone number or a date is never a count of people.
  const reading = maskIdentifiersForParsing(asReading(input));
  const { folded } = reading;
  // "nhà tôi 5 người, … mua cho 3 người còn lại": the people bought for, not the whole house.
  const boughtFor = BOUGHT_FOR.exec(folded);
  const remaining = boughtFor?.[1] ?? boughtFor?.[2];
  if (
    boughtFor &&
    remaining &&
    mayBeNumberWord(reading, boughtFor.index + boughtFor[0].indexOf(remaining), remaining)
  ) {
    const value = countValue(remaining);
    if (value !== undefined && value >= 1) return value;
  }
  for (const match of folded.matchAll(SIZE)) {
    // "người dân tộc" after a number is rare, but "1 người dân tộc thiểu số" is not a household size.
    const after = folded.slice(match.index + match[0].length);
    if (/^\s*dan toc/.test(after)) continue;
    const word = match[1] ?? '';
    if (!mayBeNumberWord(reading, match.index, word)) continue;
    // "người thứ 2", "2 người còn lại" are fine; "đóng sau người chủ hộ" was skipped above when typed.
    const value = countValue(word);
    if (value !== undefined && value >= 1) return value;
  }
  return familySize(reading);
}

const BOUGHT_FOR = new RegExp(
  `\\b(?:cho|mua)\\s+${COUNT_PATTERN}\\s*(?:nguoi|ng|thanh vien)\\s+con lai\\b|\\b${COUNT_PATTERN}\\s*(?:nguoi|ng)\\s+con lai\\b`,
);

/** "2 mẹ con", "3 bố con", "2 vc": a count of the people named. */
const COUNTED_PAIR = new RegExp(
  `\\b${COUNT_PATTERN} (?:me con|bo con|vo chong|vc|chi em|anh em|ong chau|ba chau)\\b`,
);
/** Named members, each worth its count, found once each. */
const MEMBERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(?:vo chong|chong vo)\b/, 2],
  [/\b(?:bo me|cha me|ba me|bo va me|bo voi me)\b/, 2],
  [/\bong ba (?:noi|ngoai)\b/, 2],
  [/\bme (?:vo|chong)\b/, 1],
  [/\bbo (?:vo|chong)\b/, 1],
  [/\bcon (?:trai|gai|dau|re)\b/, 1],
  // "chồng tôi, tôi và hai đứa con": a spouse named alone (not inside "vợ chồng tôi").
  [/\b(?<!\bvo )(?:chong|ong xa) (?:toi|em|minh|tui|chi)\b/, 1],
  [/\b(?<!\bchong )(?:vo|ba xa) (?:toi|em|minh|tui|anh)\b/, 1],
];
/** The one asking, when counted among others: "em với mẹ em", "bố mẹ và tôi". */
const SELF_AMONG =
  /\b(?:va|voi|cung|vs|,)\s*(?:toi|em|minh|tui)\b(?!\s+(?:trai|gai))|^(?:toi|em|minh|tui) (?:va|voi|cung|vs)\b/;
const SIBLINGS = new RegExp(`\\b(?:${COUNT_PATTERN} )?(?:em|anh|chi) (?:trai|gai)\\b`);
const ONLY = /\b(?:thoi|rieng|mot minh|1 minh)\b/;
/** "2 đứa con", "3 cháu", "1 bé", "2 đứa" (not "2 con người", "2 con trai" counted elsewhere). */
const CHILDREN = new RegExp(
  `\\b${COUNT_PATTERN} (?:(?:dua|be|chau) (?:con|chau)|con|chau|be|dua)\\b(?! (?:nguoi|trai|gai))`,
);
/** "mẹ em", "chồng tôi", "ông xã em" (husband), "bà xã tôi" (wife). */
const SINGLE_RELATIVE = /\b(?:cho )?(?:(?:ong|ba) xa|me|bo|vo|chong|ong|ba) (?:em|toi|minh|tui|anh|chi)\b/;
/** "tôi và chồng", "em với vợ": the one asking and one relative, named without a possessive ("vợ con" is a family). */
const SELF_AND_RELATIVE =
  /\b(?:toi|em|minh|tui) (?:va|voi|cung|vs) (?:chong|vo|bo|me|cha|ma)\b(?! (?:con|cai|ca|chong|vo|bo|me))/;

/** Children counted inside a list: "ba con", "2 đứa con", "hai cháu". */
const LISTED_CHILDREN = `${COUNT_PATTERN} (?:dua con|dua|con|chau|be)`;
/** The count of children a listed item names ("ba con" → 3). */
const LISTED_CHILDREN_COUNT = new RegExp(`^${LISTED_CHILDREN}\\b`);
/** One person in a list of members: "mẹ chồng", "ck e", "vợ", "mình", "con gái tôi" (not "ba con": three children). */
const LISTED_PERSON = `(?:${LISTED_CHILDREN}|(?:me|bo|ba|cha|ma|ong|ba) (?:vo|chong|noi|ngoai)|(?:con|em|anh|chi) (?:trai|gai|dau|re)|vo|chong|con|me|bo|cha|ong|ba(?! (?:con|chau|dua|be))|anh|chi|em|chau|minh|toi|tui|e)(?: (?:toi|em|e|minh|tui|anh|chi))?`;
/** "chồng em, em, mẹ chồng, ba chồng": three or more people listed, each counted once. */
const PERSON_LIST = new RegExp(
  `(?<![\\p{L}\\d])${LISTED_PERSON}(?:\\s*(?:,|\\bva\\b|\\bvoi\\b|\\bvs\\b|\\bcung\\b)\\s*${LISTED_PERSON}){2,}(?![\\p{L}\\d])`,
  'u',
);
const LIST_SEPARATOR = /\s*(?:,|\bva\b|\bvoi\b|\bvs\b|\bcung\b)\s*/;

/**
 * A household told as its members. Counted only from the words for people, so the reply, which
 * names the count ("BHYT hộ gia đình 4 người"), shows the citizen what was assumed.
 */
function familySize(reading: Reading): number | undefined {
  const { folded } = reading;
  const listed = PERSON_LIST.exec(folded);
  if (listed) {
    return listed[0]
      .split(LIST_SEPARATOR)
      .filter(Boolean)
      .reduce((sum, item) => sum + (countValue(LISTED_CHILDREN_COUNT.exec(item)?.[1] ?? '') ?? 1), 0);
  }
  const pair = COUNTED_PAIR.exec(folded);
  if (pair?.[1] && mayBeNumberWord(reading, pair.index, pair[1])) {
    const counted = countValue(pair[1]);
    if (counted !== undefined)
      return counted + extraMembers(reading, pair.index, pair.index + pair[0].length);
  }
  let size = 0;
  for (const [pattern, count] of MEMBERS) if (pattern.test(folded)) size += count;
  const children = CHILDREN.exec(folded);
  if (children?.[1] && mayBeNumberWord(reading, children.index, children[1]))
    size += countValue(children[1]) ?? 0;
  // "em trai tôi", "2 em gái": siblings, counted.
  const siblings = SIBLINGS.exec(folded);
  if (siblings) {
    const counted =
      siblings[1] && mayBeNumberWord(reading, siblings.index, siblings[1]) ? countValue(siblings[1]) : 1;
    size += counted ?? 1;
  }
  if (size === 0) {
    // "em với mẹ em": the one asking and one relative.
    if ((SINGLE_RELATIVE.test(folded) && SELF_AMONG.test(folded)) || SELF_AND_RELATIVE.test(folded)) return 2;
    // "mua bhyt cho mẹ em thôi", "cho mình em thôi": one person.
    if (ONLY.test(folded) && (SINGLE_RELATIVE.test(folded) || /\b(?:minh|toi|em) thoi\b/.test(folded)))
      return 1;
    if (/\bmot minh\b|\b1 minh\b|\bcho minh (?:toi|em|tui|anh|chi)\b/.test(folded)) return 1;
    return undefined;
  }
  if (SELF_AMONG.test(folded) && !/\b(?:vo chong|chong vo) (?:toi|em|minh|tui)\b/.test(folded)) size += 1;
  return size;
}

/** Members named beside a counted pair: "2 vợ chồng và 2 đứa con", "bố mẹ và 2 vợ chồng em". */
function extraMembers(reading: Reading, start: number, end: number): number {
  const rest = reading.folded.slice(end);
  const others = `${reading.folded.slice(0, start)} ${rest}`;
  const children = CHILDREN.exec(rest);
  const kids =
    children?.[1] && mayBeNumberWord(reading, end + children.index, children[1])
      ? (countValue(children[1]) ?? 0)
      : 0;
  return kids + (/\b(?:bo me|cha me|ong ba)\b/.test(others) ? 2 : 0);
}

/** A reply that is only a count ("4", "4 người"), typed when the bot asked how many. */
export function parseBareCount(folded: string): number | undefined {
  const match = new RegExp(`^${COUNT_PATTERN}\\s*(?:nguoi|thanh vien|nhan khau|khau)?\\s*[.!]?$`).exec(
    maskIdentifiersForParsing(asReading(folded)).folded.trim(),
  );
  return match?.[1] ? countValue(match[1]) : undefined;
}

/** A child's age: "bé 3 tuổi", "bé út 3t", "cháu 8 tháng tuổi", "con mới sinh". */
const AGE = /(?<![\d.,])(\d{1,2})\s*(thang tuoi|tuoi|t)\b/g;
const CHILD_WORD = /\b(?:be|con|chau|dua|tre|nhoc|ut|em be)\b/;
const NEWBORN =
  /\b(?:be|con|chau)(?:\s+(?:toi|em|minh|tui))?\s+(?:moi|vua)\s+(?:sinh|de|chao doi)\b|\b(?:be|con|chau|tre) so sinh\b/g;
/** "2 bé dưới 6 tuổi", "con nhỏ dưới 6 tuổi". */
const UNDER_SIX = new RegExp(
  `(?:\\b${COUNT_PATTERN}\\s+)?(?:be|chau|dua|con|tre)\\b[^,.;]{0,12}?\\bduoi (?:6|sau) tuoi\\b`,
  'g',
);

/**
 * Children under 6 the message names with their age: the State pays their card, so a household
 * contribution leaves them out. Each age counts once; only an age told next to a child ("bé 3
 * tuổi", not "em 33t"); none when the count named is already "the others" ("3 người còn lại").
 */
export function countYoungChildren(input: Reading | string): number {
  const reading = maskIdentifiersForParsing(asReading(input));
  const { folded } = reading;
  // "mua cho 3 người còn lại": the count already leaves them out.
  if (BOUGHT_FOR.test(folded)) return 0;
  let young = 0;
  for (const match of folded.matchAll(UNDER_SIX)) {
    const word = match[1];
    young += word && mayBeNumberWord(reading, match.index, word) ? (countValue(word) ?? 1) : 1;
  }
  if (young > 0) return young;
  for (const match of folded.matchAll(AGE)) {
    const near = folded.slice(Math.max(0, match.index - 25), match.index);
    const child = CHILD_WORD.test(near.split(/[,;.]/).pop() ?? '');
    const age = Number(match[1]);
    const under = match[2] === 'thang tuoi' ? age < 72 : age < 6;
    if (child && under) young++;
  }
  return young + [...folded.matchAll(NEWBORN)].length;
}

/** Who already has a card: "1 người có bảo hiểm ở công ty rồi", "bố em có thẻ hưu". */
const INSURED_COUNTED = new RegExp(
  `\\b${COUNT_PATTERN} (?:nguoi|ng)(?: (?:da|dang|cung|thi))? (?:co|duoc cap|huong) (?:san )?(?:the|bao hiem|bhyt|bhxh|luong huu)\\b`,
  'g',
);
const INSURED_RELATIVE =
  /\b(?:bo|me|cha|vo|chong|ong|ba|con|anh|chi|chau)(?: (?:em|toi|minh|tui|noi|ngoai|trai|gai|ca|ut|lon|nho))?(?: (?:da|dang|cung|thi))? (?:co|duoc cap|huong|lanh) (?:san )?(?:the|bao hiem|bhyt|bhxh|luong huu)\b/g;
/** What says the card is already there (not "có bảo hiểm hộ gia đình thì …", a question). */
const ALREADY =
  /\b(?:da|dang|roi|san|cong ty|huu|hoc sinh|sinh vien|truong|quan doi|ngheo|mien phi|bat buoc)\b/;

/**
 * Members who already have a BHYT card another way (a pension, school, an employer): they do
 * not buy it with the household. Counted only when the clause says the card is already there.
 */
export function countInsuredMembers(input: Reading | string): number {
  const reading = maskIdentifiersForParsing(asReading(input));
  const { folded } = reading;
  if (BOUGHT_FOR.test(folded)) return 0;
  const clauseOf = (start: number) => {
    const rest = folded.slice(start);
    return rest.slice(0, rest.search(/[,.;?!]|\bnhung\b|$/) + 1 || undefined);
  };
  let insured = 0;
  for (const match of folded.matchAll(INSURED_COUNTED)) {
    const word = match[1] ?? '';
    if (!mayBeNumberWord(reading, match.index, word) || !ALREADY.test(clauseOf(match.index))) continue;
    insured += countValue(word) ?? 0;
  }
  for (const match of folded.matchAll(INSURED_RELATIVE)) {
    if (ALREADY.test(clauseOf(match.index))) insured++;
  }
  return insured;
}
