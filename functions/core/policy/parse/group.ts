/**
 * Support group for BHXH tự nguyện: "hộ nghèo", "cận nghèo", "dân tộc thiểu số" / "dtts",
 * "đồng bào", "đối tượng khác", with or without diacritics.
 *
 * Two traps, both kept with examples in data/text/collisions.json:
 *  - "đóng bao nhiêu" folds to "dong bao", the folded form of "đồng bào". Typed with accents,
 *    only "đồng bào" counts; typed without, "dong bao" never names a group on its own (the
 *    words that would corroborate it, "dân tộc", "thiểu số", name the group themselves).
 *  - Negation: "không phải hộ nghèo", "ko thuộc diện cận nghèo", "đã thoát nghèo" switch the
 *    group off; the message then says the citizen is in no supported group.
 */
import type { Reading } from '../../text/reading.js';
import { typedAs } from '../../text/reading.js';
import type { SupportGroup } from '../schedules.js';

interface GroupPattern {
  readonly group: SupportGroup;
  readonly pattern: RegExp;
  /** Accented spellings the span must have been typed as, when it was typed with accents. */
  readonly typed?: readonly string[];
  /** A bare unaccented match that must not count on its own. */
  readonly needsAccents?: boolean;
}

/** Ethnic minorities by name (folded), after "người" or "dân tộc"; not Kinh, the majority. */
const ETHNIC_NAMES = [
  'tay',
  'thai',
  'muong',
  'khmer',
  'kho me',
  'hoa',
  'nung',
  'mong',
  'hmong',
  'h mong',
  'dao',
  'gia rai',
  'e de',
  'ba na',
  'cham',
  'xo dang',
  'san diu',
  'san chay',
  'co ho',
  'ra glai',
  'hre',
  'mnong',
  'm nong',
  'stieng',
  'kho mu',
  'bru',
  'van kieu',
  'giay',
  'co tu',
  'ta oi',
  'cho ro',
  'ha nhi',
  'chu ru',
  'la chi',
  'phu la',
  'la hu',
  'lo lo',
  'si la',
  'pa then',
  'brau',
  'o du',
  'xinh mun',
  'khang',
  'chut',
  'pu peo',
  'ro mam',
];
/** "H'Mông", "Ê-đê", "Gia Rai", "Bana": the parts of a name may be joined by a space, an apostrophe, a hyphen or nothing. */
const NAME_JOINER = "[ '\u2019-]?";
const ETHNIC_PEOPLE = new RegExp(
  `\\b(?:nguoi|dan toc|toc) (${ETHNIC_NAMES.map((name) => name.replaceAll(' ', NAME_JOINER)).join('|')})\\b`,
  'g',
);
/** Typed forms of the names a message with accents must show (the others fold from one spelling only). */
const ETHNIC_PEOPLE_TYPED_NAMES = [
  'tày',
  'thái',
  'mường',
  'khmer',
  'khơ me',
  'hoa',
  'nùng',
  'mông',
  'hmông',
  "h'mông",
  'dao',
  'gia rai',
  'ê đê',
  'ba na',
  'chăm',
  'xơ đăng',
  'sán dìu',
  'sán chay',
  'cơ ho',
  'ra glai',
  'hrê',
  'mnông',
  'm nông',
  'xtiêng',
  'stiêng',
  'khơ mú',
  'bru',
  'vân kiều',
  'giáy',
  'cơ tu',
  'tà ôi',
  'chơ ro',
  'hà nhì',
  'chu ru',
  'la chí',
  'phù lá',
  'la hủ',
  'lô lô',
  'si la',
  'pà thẻn',
  'brâu',
  'ơ đu',
  'xinh mun',
  'kháng',
  'chứt',
  'pu péo',
  'rơ măm',
];
/** Each typed name in every joining of its parts, as NAME_JOINER allows. */
const ETHNIC_PEOPLE_TYPED = ETHNIC_PEOPLE_TYPED_NAMES.flatMap((name) =>
  [' ', "'", '\u2019', '-', ''].map((joiner) => name.replaceAll(' ', joiner)),
);

const PATTERNS: readonly GroupPattern[] = [
  { group: 'nearPoor', pattern: /\bcan ngheo\b/g },
  // Not a poor commune or district ("xã nghèo", "huyện nghèo"): support follows the household.
  {
    group: 'poor',
    pattern:
      /(?<!\b(?:can|xa|huyen|vung|tinh|thon|ban|lang|ap|khu|dia ban|dia phuong|que) )\b(?:ho ngheo|nguoi ngheo|dien ngheo|thuoc ngheo|ngheo)\b/g,
  },
  { group: 'ethnicMinority', pattern: /\b(?:dan toc(?! kinh)(?: thieu so)?|dtts)\b/g },
  { group: 'ethnicMinority', pattern: /\bdong bao\b(?! nhieu)/g, typed: ['đồng bào'], needsAccents: true },
  // "người Tày", "dân tộc Mông": a minority named by its people. Names that fold to common
  // words ("tây", "mà", "có") count only as typed, or are left out.
  { group: 'ethnicMinority', pattern: ETHNIC_PEOPLE, typed: ETHNIC_PEOPLE_TYPED },
  // Not "đảo" alone: folded it is also "dạo (này)", "đạo".
  { group: 'island', pattern: /\b(?:xa dao|huyen dao|dac khu|(?:tren|ngoai|song o|o) dao)\b/g },
];

/** Words that, shortly before a group, deny it: "không phải", "ko thuộc", "chưa là", "thoát". */
const NEGATION =
  /\b(?:khong|ko|k|kh|hok|khg|kg|chang|chua|deo|thoat|het|khong con|ko con)(?:\s+(?:phai|thuoc|la|o|nam|trong|duoc|xep|vao|con|co|dien|nhom|doi tuong|gia dinh|nha|ho|minh|em|toi|chung toi|nua|dong bao|nguoi|ai))*\s*$/;
const OTHER =
  /\b(?:doi tuong khac|nhom khac|binh thuong|nguoi thuong|khong thuoc (?:dien|nhom|ho) nao|khong uu tien|khong thuoc dien (?:gi|nao)|khong co (?:che do|dien) (?:gi|nao))\b/;

/** A group already named in the same denial: "không thuộc hộ nghèo hay (hộ) cận nghèo", "ko thuộc hộ nghèo cận nghèo gì". */
const DENIED_LIST =
  /(?:\b(?:ho |dien |nhom )?(?:can ngheo|ngheo|dan toc thieu so|dtts)\s*(?:,|\bhay\b|\bhoac\b|\bva\b|\bcung\b|\bvoi\b)?\s*(?:khong\s+)?)+(?:(?:ho|dien|nhom)\s+)?$/;

function isNegated(folded: string, start: number): boolean {
  // Only the words of the same clause count: "không biết, hộ nghèo thì sao" names the group.
  const before = folded.slice(Math.max(0, start - 60), start);
  const clause = (before.split(/[.;!?]|,(?!\s*(?:hay|hoac|cung))/).pop() ?? '').replace(DENIED_LIST, '');
  return NEGATION.test(clause);
}

/** "trước đây là hộ nghèo", "năm ngoái còn cận nghèo": a group that was, in the same clause. */
const PAST =
  /\b(?:truoc day|truoc kia|truoc|trc|nam ngoai|nam truoc|hoi truoc|tung|da tung)\b(?:\s+\S+){0,4}\s*$/;

function isPast(folded: string, start: number): boolean {
  const before = folded.slice(Math.max(0, start - 40), start);
  const clause = before.split(/[.;!?,]|\bnhung\b/).pop() ?? '';
  return PAST.test(clause);
}

/** Every group the message names (several may apply; the highest support wins). */
export function parseSupportGroups(reading: Reading): SupportGroup[] {
  const { folded } = reading;
  // Each group's last mention decides: "trước đây là hộ cận nghèo nhưng năm nay đã thoát cận
  // nghèo" is in no group now.
  const last = new Map<SupportGroup, { at: number; denied: boolean; past: boolean }>();
  const mention = (group: SupportGroup, at: number, denied: boolean) => {
    const previous = last.get(group);
    if (!previous || previous.at < at) last.set(group, { at, denied, past: isPast(folded, at) });
  };
  for (const { group, pattern, typed, needsAccents } of PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (typed) {
        // For a named people only the name is compared ("người Tày": "tày").
        const from = match[1] ? end - match[1].length : start;
        const asTyped = typedAs(reading, from, end, typed);
        if (asTyped === false || (asTyped === undefined && needsAccents)) continue;
      }
      mention(group, start, isNegated(folded, start));
    }
  }
  let named = [...last].filter(([, { denied }]) => !denied).map(([group]) => group);
  // "trước là hộ nghèo nhưng năm nay lên cận nghèo": the group now, when one is named as now.
  const now = named.filter((group) => !last.get(group)?.past);
  if (now.length > 0) named = now;
  // "Tôi là người Kinh, vợ là người Ê Đê": a minority named beside a Kinh writer is someone
  // else's; the reply assumes no group and says how to ask again.
  if (namesKinh(folded)) named = named.filter((group) => group !== 'ethnicMinority');
  const denied = [...last.values()].some((entry) => entry.denied);
  if (named.length === 0 && (denied || OTHER.test(folded))) return ['other'];
  return named;
}

/** "người Kinh": not an ethnic minority (which says nothing of the household's other groups). */
export function namesKinh(folded: string): boolean {
  return /\b(?:nguoi|dan toc|toc) kinh\b/.test(folded);
}
