/**
 * A generated phrasing suite for the calculators: sentence templates × slot values × the three
 * ways citizens type (with diacritics, without them, in chat shorthand), each with the intent
 * and slots a reader would take from it. Expected figures come from the pure calculators, never
 * from literals, so the suite follows the schedules.
 *
 * Written from general knowledge of how Vietnamese citizens write in chat, without looking at
 * the parsers' rules: the point is to measure how well those rules read strangers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import faqData from '../../data/knowledge/faq.json' with { type: 'json' };
import type { DialogueDeps } from '../../functions/core/dialogue/handle.js';
import { IntentRouting } from '../../functions/core/dialogue/router.js';
import { readMessage, type Skill } from '../../functions/core/dialogue/skill.js';
import { createKnowledgeSkill } from '../../functions/core/knowledge/answer.js';
import { type FaqItem, nextVersion, parseFaqDraft } from '../../functions/core/knowledge/faq.js';
import { KnowledgeIndex } from '../../functions/core/knowledge/index.js';
import { ingestFiles, type SourceFile } from '../../functions/core/knowledge/ingest.js';
import type { SidecarMeta } from '../../functions/core/knowledge/types.js';
import type { Reply } from '../../functions/core/messages.js';
import { calculateHouseholdHealthInsurance } from '../../functions/core/policy/hi-household.js';
import { formatPercent, formatVnd } from '../../functions/core/policy/money.js';
import { calculatePensionRate } from '../../functions/core/policy/pension.js';
import { POLICY_SCHEDULES, type Sex, type SupportGroup } from '../../functions/core/policy/schedules.js';
import { createPolicySkills } from '../../functions/core/policy/skills.js';
import { calculateVoluntaryContribution, type VsiContribution } from '../../functions/core/policy/vsi.js';
import { defaultAnalyzer } from '../../functions/core/text/analyze.js';
import { converse } from './dialogue.js';
import { stripDiacritics } from './text.js';

/** The date every figure is computed for, and the fixed clock of the turns. */
export const PHRASING_AS_OF = '2026-12-01';
export const PHRASING_CLOCK = { now: () => new Date('2026-12-01T03:00:00Z') };

export const INTENT = {
  vsi: 'calc.vsi_contribution',
  hi: 'calc.hi_household',
  pension: 'calc.pension_rate',
} as const;
export type CalcIntent = (typeof INTENT)[keyof typeof INTENT];

export const FORMS = ['typed', 'plain', 'shorthand'] as const;
export type Form = (typeof FORMS)[number];

// ------------------------------------------------------------------------------------ forms

/** Word-bounded, case-insensitive match of a Vietnamese word or phrase. */
function word(phrase: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * Chat shorthand, from general knowledge of how Vietnamese is typed in Zalo/Messenger. Applied
 * in order (longer phrases first). `variant` picks between equally common spellings.
 */
const SHORTHAND: ReadonlyArray<readonly [RegExp, (variant: number) => string]> = [
  [word('bảo hiểm xã hội'), () => 'bhxh'],
  [word('bảo hiểm y tế'), () => 'bhyt'],
  [word('hộ gia đình'), () => 'hgđ'],
  [word('tự nguyện'), () => 'tn'],
  [word('dân tộc thiểu số'), () => 'dtts'],
  [word('bao nhiêu'), () => 'bn'],
  [word('phần trăm'), () => '%'],
  [word('anh chị'), () => 'a/c'],
  [word('không'), (variant) => (variant % 2 === 0 ? 'ko' : 'k')],
  [word('được'), (variant) => (variant % 2 === 0 ? 'đc' : 'dc')],
  [word('người'), () => 'ng'],
  [word('triệu'), () => 'tr'],
  [word('một'), () => '1'],
  [word('với'), () => 'vs'],
  [word('mình'), () => 'mk'],
  [word('vậy'), () => 'v'],
  [word('gì'), () => 'j'],
  [word('rồi'), () => 'r'],
  [word('em'), () => 'e'],
  [word('tỷ lệ'), () => 'tỉ lệ'],
];

/** The same message in chat shorthand ("3 triệu" → "3tr", "không" → "ko", "bảo hiểm xã hội" → "bhxh"). */
export function toShorthand(text: string, variant = 0): string {
  let out = text;
  for (const [pattern, replacement] of SHORTHAND) out = out.replace(pattern, () => replacement(variant));
  // "3 tr" is usually typed "3tr", "3 đồng" "3đ"; chat rarely capitalises the first word.
  return out
    .replace(/(\d) tr(?![\p{L}])/gu, '$1tr')
    .replace(/(\d) đồng(?![\p{L}])/gu, '$1đ')
    .replace(/^\p{Lu}(?=\p{Ll})/u, (first) => first.toLowerCase());
}

export function inForm(text: string, form: Form, variant = 0): string {
  if (form === 'plain') return stripDiacritics(text);
  if (form === 'shorthand') return toShorthand(text, variant);
  return text;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Deterministic choices (mulberry32), so the suite is the same on every run. */
function random(seed: number): <T>(values: readonly T[]) => T {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(values: readonly T[]): T => {
    if (values.length === 0) throw new Error('empty choice');
    // An entry may itself be undefined ("no group said").
    return values[Math.floor(next() * values.length)] as T;
  };
}

// ------------------------------------------------------------------------------- the cases

export interface VsiExpected {
  readonly income: number;
  /** The group the citizen named; 'other' when none is named or it is negated. */
  readonly group: SupportGroup;
  readonly months: number;
}
export interface HiExpected {
  readonly members: number;
  readonly months: number;
}
export interface PensionExpected {
  readonly sex: Sex;
  readonly years: number;
}

interface CaseBase {
  readonly id: string;
  readonly form: Form;
  readonly template: string;
  readonly text: string;
  /** What varied: the surface of each slot, for reading failures. */
  readonly surfaces: Readonly<Record<string, string>>;
}
export type Phrasing =
  | (CaseBase & { readonly intent: typeof INTENT.vsi; readonly expected: VsiExpected })
  | (CaseBase & { readonly intent: typeof INTENT.hi; readonly expected: HiExpected })
  | (CaseBase & { readonly intent: typeof INTENT.pension; readonly expected: PensionExpected });

// ---- BHXH tự nguyện

/** Incomes as citizens write them, with the amount meant. */
export const VSI_INCOMES: ReadonlyArray<readonly [string, number]> = [
  ['3 triệu', 3_000_000],
  ['3tr', 3_000_000],
  ['3 củ', 3_000_000],
  ['3.000.000đ', 3_000_000],
  ['3000k', 3_000_000],
  ['1tr5', 1_500_000],
  ['1,5 triệu', 1_500_000],
  ['2 triệu rưỡi', 2_500_000],
  ['hai triệu', 2_000_000],
  ['5 triệu', 5_000_000],
  ['4tr', 4_000_000],
  ['2.500.000 đồng', 2_500_000],
  ['7 củ', 7_000_000],
  ['6000k', 6_000_000],
  ['1tr8', 1_800_000],
  ['ba triệu', 3_000_000],
  ['10 triệu', 10_000_000],
  ['4,5 triệu', 4_500_000],
  ['2tr', 2_000_000],
  ['năm triệu', 5_000_000],
  ['3tr2', 3_200_000],
  ['1 triệu rưỡi', 1_500_000],
  ['3 triệu 2', 3_200_000],
];

/** Payment periods (what follows "đóng"); undefined = not said, i.e. monthly. */
export const VSI_PERIODS: ReadonlyArray<readonly [string | undefined, number]> = [
  [undefined, 1],
  [undefined, 1],
  ['hằng tháng', 1],
  ['hàng tháng', 1],
  ['3 tháng một lần', 3],
  ['6 tháng 1 lần', 6],
  ['1 năm', 12],
  ['12 tháng', 12],
  ['theo quý', 3],
  ['1 năm một lần', 12],
  ['mỗi quý', 3],
  ['nửa năm một lần', 6],
  ['cả năm', 12],
];

interface GroupSurface {
  /** The group meant: 'other' for a negated group. */
  readonly group: SupportGroup;
  /** After a subject: "(nhà em) thuộc hộ nghèo". */
  readonly pred: string;
  /** On its own: "hộ nghèo". */
  readonly noun: string;
}
/** undefined = no group said. */
export const VSI_GROUPS: ReadonlyArray<GroupSurface | undefined> = [
  undefined,
  undefined,
  { group: 'poor', pred: 'thuộc hộ nghèo', noun: 'hộ nghèo' },
  { group: 'poor', pred: 'là hộ nghèo', noun: 'hộ nghèo' },
  { group: 'nearPoor', pred: 'thuộc hộ cận nghèo', noun: 'hộ cận nghèo' },
  { group: 'nearPoor', pred: 'là hộ cận nghèo', noun: 'người thuộc hộ cận nghèo' },
  { group: 'ethnicMinority', pred: 'là người dân tộc thiểu số', noun: 'người dân tộc thiểu số' },
  { group: 'ethnicMinority', pred: 'là người dân tộc thiểu số', noun: 'đồng bào dân tộc thiểu số' },
  { group: 'other', pred: 'không phải hộ nghèo', noun: 'người không thuộc hộ nghèo' },
  { group: 'other', pred: 'không thuộc hộ nghèo hay cận nghèo', noun: 'người không phải hộ nghèo' },
  // A named minority people, and the majority people (no support group).
  { group: 'ethnicMinority', pred: 'là người dân tộc Tày', noun: 'người dân tộc Tày' },
  { group: 'other', pred: 'là người Kinh', noun: 'người Kinh' },
];

interface VsiSlotText {
  readonly i: string;
  readonly p: string | undefined;
  readonly g: GroupSurface | undefined;
}
interface Template<S> {
  readonly id: string;
  /** Only the periods that read naturally in it ("1 tháng đóng bn" is monthly). */
  readonly monthlyOnly?: boolean;
  /** Member kinds it reads naturally with (BHYT). */
  readonly kinds?: readonly MemberKind[];
  readonly write: (slots: S) => string;
}

export const VSI_TEMPLATES: readonly Template<VsiSlotText>[] = [
  {
    id: 'v01',
    write: ({ i, p, g }) =>
      `${g ? `Nhà em ${g.pred}, ` : ''}đóng BHXH tự nguyện mức ${i}${p ? ` ${p}` : ''} thì đóng bao nhiêu ạ?`,
  },
  {
    id: 'v02',
    write: ({ i, p, g }) =>
      `Cho mình hỏi ${g ? `${g.noun} ` : ''}tham gia bảo hiểm xã hội tự nguyện với thu nhập ${i}` +
      `${p ? `, đóng ${p}` : ''} thì phải đóng bao nhiêu tiền?`,
  },
  {
    id: 'v03',
    write: ({ i, p, g }) =>
      `thu nhập ${i} đóng bhxh tn ${p ? `${p} ` : ''}hết bao nhiêu${g ? `, nhà em ${g.pred}` : ''}`,
  },
  {
    id: 'v04',
    write: ({ i, p, g }) =>
      `Tôi chọn mức thu nhập ${i} để đóng BHXH tự nguyện${p ? `, đóng ${p}` : ''}. ` +
      `Vậy tôi phải nộp bao nhiêu${g ? ` (tôi ${g.pred})` : ''}?`,
  },
  {
    id: 'v05',
    monthlyOnly: true,
    write: ({ i, g }) => `bhxh tự nguyện ${i} 1 tháng đóng bn${g ? `, ${g.noun}` : ''}`,
  },
  {
    id: 'v06',
    write: ({ i, p, g }) =>
      `Mức ${i} thì đóng BHXH tự nguyện ${p ?? 'mỗi tháng'} bao nhiêu vậy ạ${g ? `, mình ${g.pred}` : ''}?`,
  },
  {
    id: 'v07',
    write: ({ i, p, g }) =>
      `Anh chị ơi, ${g ? `mẹ em ${g.pred}, ` : ''}muốn đóng bảo hiểm xã hội tự nguyện theo mức thu nhập ${i}` +
      `${p ? ` và đóng ${p}` : ''} thì số tiền phải đóng là bao nhiêu?`,
  },
  {
    id: 'v08',
    write: ({ i, p, g }) =>
      `Nếu chọn đóng theo thu nhập ${i}${p ? ` và đóng ${p}` : ''} thì BHXH tự nguyện hết bao nhiêu tiền` +
      `${g ? ` cho ${g.noun}` : ''}?`,
  },
  {
    id: 'v09',
    write: ({ i, p, g }) =>
      `${i} một tháng thì đóng bhxh tự nguyện bao nhiêu${p ? `, nếu đóng ${p}` : ''}${g ? `, ${g.noun}` : ''}?`,
  },
  {
    id: 'v10',
    write: ({ i, p, g }) =>
      `Tính giúp em tiền đóng BHXH tự nguyện: thu nhập ${i}${p ? `, đóng ${p}` : ''}${g ? `, ${g.noun}` : ''}.`,
  },
  {
    id: 'v11',
    write: ({ i, p, g }) =>
      `Muốn đóng bhxh tự nguyện mức ${i} ${p ?? 'hằng tháng'} thì bao nhiêu tiền vậy${g ? ` (em ${g.pred})` : ''}`,
  },
  {
    id: 'v12',
    write: ({ i, p, g }) =>
      `Xin hỏi mức đóng BHXH tự nguyện nếu thu nhập là ${i}${p ? ` và đóng ${p}` : ''}` +
      `${g ? `, đối với ${g.noun}` : ''}?`,
  },
  {
    id: 'v13',
    write: ({ i, p, g }) =>
      `${g ? `Em ${g.pred}. ` : ''}Em muốn tham gia bhxh tự nguyện, chọn mức ${i}${p ? `, đóng ${p}` : ''}, ` +
      'vậy đóng bao nhiêu?',
  },
  {
    id: 'v14',
    write: ({ i, p, g }) =>
      `${g ? `${g.noun} ` : ''}đóng bảo hiểm xã hội tự nguyện ${i} ${p ? `${p} ` : ''}là bao nhiêu tiền`,
  },
  {
    id: 'v15',
    monthlyOnly: true,
    write: ({ i, g }) => `Thu nhập ${i} thì 1 tháng đóng bn tiền bhxh tn${g ? `, ${g.noun}` : ''}`,
  },
  {
    id: 'v16',
    write: ({ i, p, g }) =>
      `BHXH TN: thu nhập ${i}, ${p ? `đóng ${p}` : 'đóng hằng tháng'}${g ? `, ${g.noun}` : ''}. Bao nhiêu tiền?`,
  },
  {
    id: 'v17',
    write: ({ i, p, g }) =>
      `chị ơi mức đóng bhxh tự nguyện với thu nhập ${i}${p ? ` ${p}` : ''} là bn ạ${g ? `, nhà em ${g.pred}` : ''}`,
  },
  {
    id: 'v18',
    write: ({ i, p, g }) =>
      `Bố em ${g ? `${g.pred}, ` : ''}giờ muốn đóng bảo hiểm xã hội tự nguyện cho có lương hưu, ` +
      `chọn mức thu nhập ${i}${p ? ` đóng ${p}` : ''} thì mỗi lần đóng bao nhiêu?`,
  },
  {
    id: 'v19',
    write: ({ i, p, g }) =>
      `Cho hỏi với mức ${i}/tháng đóng BHXH tự nguyện ${p ? `${p} ` : ''}thì mất bao nhiêu${g ? `, ${g.noun}` : ''}?`,
  },
  {
    id: 'v20',
    write: ({ i, p, g }) =>
      `${i} thì đóng bhxh tự nguyện bao nhiêu${p ? ` ${p}` : ''}${g ? ` (${g.noun})` : ''}`,
  },
];
const VSI_PER_TEMPLATE = 24;

// ---- BHYT hộ gia đình

export const MEMBER_KINDS = ['digits', 'words', 'ng', 'nha', 'thanhvien', 'khau'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
const NUMBER_WORDS = ['', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu'];

export function members(n: number, kind: MemberKind): string {
  switch (kind) {
    case 'digits':
      return `${n} người`;
    case 'words':
      return `${NUMBER_WORDS[n]} người`;
    case 'ng':
      return `${n} ng`;
    case 'nha':
      return `nhà ${n} người`;
    case 'thanhvien':
      return `${n} thành viên`;
    case 'khau':
      return `${n} khẩu`;
  }
}

/** Months of BHYT (what follows the members or "đóng"); undefined = not said, i.e. a year. */
export const HI_PERIODS: ReadonlyArray<readonly [string | undefined, number]> = [
  [undefined, 12],
  [undefined, 12],
  ['12 tháng', 12],
  ['6 tháng', 6],
  ['3 tháng', 3],
  ['1 năm', 12],
  ['nửa năm', 6],
];

interface HiSlotText {
  readonly m: string;
  readonly p: string | undefined;
}
const NO_NHA: readonly MemberKind[] = ['digits', 'words', 'ng', 'thanhvien', 'khau'];

export const HI_TEMPLATES: readonly Template<HiSlotText>[] = [
  { id: 'h01', kinds: NO_NHA, write: ({ m, p }) => `BHYT hộ gia đình ${m}${p ? ` ${p}` : ''} bao nhiêu?` },
  {
    id: 'h02',
    write: ({ m, p }) =>
      `Đóng bảo hiểm y tế hộ gia đình cho ${m}${p ? ` trong ${p}` : ''} hết bao nhiêu tiền?`,
  },
  {
    id: 'h03',
    kinds: NO_NHA,
    write: ({ m, p }) => `nhà em có ${m}, mua bhyt hộ gia đình ${p ?? '1 năm'} hết bn ạ`,
  },
  {
    id: 'h04',
    kinds: NO_NHA,
    write: ({ m, p }) =>
      `Cho mình hỏi bảo hiểm y tế theo hộ gia đình ${m} thì đóng bao nhiêu ${p ?? 'một năm'}?`,
  },
  { id: 'h05', write: ({ m, p }) => `Tính giúp tiền BHYT hộ gia đình: ${m}${p ? `, ${p}` : ''}.` },
  {
    id: 'h06',
    kinds: NO_NHA,
    write: ({ m, p }) =>
      `Gia đình tôi ${m} muốn tham gia BHYT hộ gia đình${p ? ` ${p}` : ''} thì phải đóng bao nhiêu?`,
  },
  {
    id: 'h07',
    write: ({ m, p }) => `${cap(m)} mua bảo hiểm y tế hộ gia đình${p ? ` ${p}` : ''} là bao nhiêu tiền vậy?`,
  },
  {
    id: 'h08',
    write: ({ m, p }) => `Mức đóng BHYT hộ gia đình cho ${m}${p ? ` đóng ${p}` : ''} là bao nhiêu ạ?`,
  },
  {
    id: 'h09',
    kinds: NO_NHA,
    write: ({ m, p }) => `hộ gia đình ${m} đóng bhyt ${p ? `${p} ` : ''}bao nhiêu tiền`,
  },
  {
    id: 'h10',
    kinds: NO_NHA,
    write: ({ m, p }) =>
      `Anh ơi, cả nhà em ${m} đóng BHYT theo hộ gia đình${p ? ` ${p}` : ''} thì hết bao nhiêu?`,
  },
  { id: 'h11', kinds: NO_NHA, write: ({ m, p }) => `BHYT hgđ ${m} bn tiền${p ? ` ${p}` : ''}` },
  {
    id: 'h12',
    write: ({ m, p }) =>
      `Em muốn mua bảo hiểm y tế hộ gia đình cho ${m}${p ? `, đóng ${p}` : ''}, tổng cộng bao nhiêu tiền?`,
  },
  {
    id: 'h13',
    write: ({ m, p }) => `Bảo hiểm y tế hộ gia đình ${p ? `${p} ` : ''}cho ${m} hết bao nhiêu?`,
  },
  {
    id: 'h14',
    kinds: NO_NHA,
    write: ({ m, p }) => `Tiền BHYT hộ gia đình ${m}${p ? ` ${p}` : ''} là bao nhiêu vậy ạ`,
  },
];
const HI_PER_TEMPLATE = 18;

// ---- Pension rate

export const SEX_SURFACES: ReadonlyArray<readonly [string, Sex]> = [
  ['nam', 'male'],
  ['đàn ông', 'male'],
  ['nữ', 'female'],
  ['phụ nữ', 'female'],
];

/** Someone the citizen asks for, whose sex a reader knows from the word. */
export const RELATIVE_SURFACES: ReadonlyArray<readonly [string, Sex]> = [
  ['bố em', 'male'],
  ['mẹ em', 'female'],
  ['chồng tôi', 'male'],
  ['vợ tôi', 'female'],
];

interface PensionSlotText {
  readonly s: string;
  readonly y: number;
}
export const PENSION_TEMPLATES: readonly Template<PensionSlotText>[] = [
  {
    id: 'p01',
    write: ({ s, y }) => `${cap(s)} đóng BHXH ${y} năm thì được hưởng lương hưu bao nhiêu phần trăm?`,
  },
  {
    id: 'p02',
    write: ({ s, y }) =>
      `Tôi là ${s}, đóng bảo hiểm xã hội tự nguyện được ${y} năm thì tỷ lệ hưởng lương hưu là bao nhiêu?`,
  },
  { id: 'p03', write: ({ s, y }) => `${s} ${y} năm đóng bhxh thì lương hưu được bao nhiêu %` },
  {
    id: 'p04',
    write: ({ s, y }) =>
      `Cho em hỏi ${s} tham gia BHXH tự nguyện đủ ${y} năm thì hưởng lương hưu bao nhiêu phần trăm ạ?`,
  },
  {
    id: 'p05',
    write: ({ s, y }) => `Người ${s} đóng ${y} năm BHXH tự nguyện thì tỷ lệ lương hưu là bao nhiêu?`,
  },
  { id: 'p06', write: ({ s, y }) => `Tỷ lệ hưởng lương hưu của ${s} đóng ${y} năm là bao nhiêu?` },
  {
    id: 'p07',
    write: ({ s, y }) => `mình là ${s}, đóng bhxh tn ${y} năm rồi, về hưu được hưởng bao nhiêu %?`,
  },
  {
    id: 'p08',
    write: ({ s, y }) =>
      `Nếu ${s} đóng đủ ${y} năm bảo hiểm xã hội thì được hưởng lương hưu bằng bao nhiêu phần trăm?`,
  },
  { id: 'p09', write: ({ s, y }) => `${y} năm đóng BHXH, ${s}, tỷ lệ hưởng lương hưu bao nhiêu?` },
  { id: 'p10', write: ({ s, y }) => `Tính tỷ lệ lương hưu giúp em: ${s}, đóng ${y} năm.` },
  {
    id: 'p11',
    write: ({ s, y }) => `Em là ${s}, ${y} năm đóng bảo hiểm xã hội thì về già lãnh lương hưu mấy %?`,
  },
  {
    id: 'p12',
    write: ({ s, y }) => `Đóng bhxh ${y} năm được hưởng bao nhiêu phần trăm lương hưu? Mình là ${s}.`,
  },
  {
    // Whole years are what count; the odd months do not change the rate.
    id: 'p13',
    write: ({ s, y }) =>
      `${cap(s)}, đã đóng bảo hiểm xã hội ${y} năm 6 tháng, tỷ lệ hưởng lương hưu bao nhiêu?`,
  },
];

/** Asked for a relative: the sex is in the kinship word. */
export const RELATIVE_TEMPLATES: readonly Template<PensionSlotText>[] = [
  {
    id: 'r01',
    write: ({ s, y }) => `${cap(s)} đóng BHXH tự nguyện ${y} năm thì được hưởng lương hưu bao nhiêu %?`,
  },
  {
    id: 'r02',
    write: ({ s, y }) =>
      `Cho hỏi ${s} đã đóng bảo hiểm xã hội được ${y} năm, tỷ lệ hưởng lương hưu là bao nhiêu?`,
  },
];
const PENSION_YEARS = Array.from({ length: 21 }, (_, index) => 15 + index);

/** Every phrasing, each in the three forms; identical texts (a form that changed nothing) kept once. */
export function buildPhrasings(): Phrasing[] {
  const out: Phrasing[] = [];
  const seen = new Set<string>();
  const add = (
    base: Omit<CaseBase, 'form' | 'text' | 'id'> & { raw: string },
    make: (c: CaseBase) => Phrasing,
  ) => {
    FORMS.forEach((form, formIndex) => {
      const text = inForm(base.raw, form, out.length + formIndex);
      const key = `${base.template}|${text}`;
      if (seen.has(key)) return;
      seen.add(key);
      const { raw: _raw, ...rest } = base;
      out.push(make({ ...rest, form, text, id: `${base.template}.${out.length}.${form}` }));
    });
  };

  VSI_TEMPLATES.forEach((template, t) => {
    const pick = random(1000 + t);
    const periods = template.monthlyOnly ? VSI_PERIODS.filter(([, months]) => months === 1) : VSI_PERIODS;
    for (let k = 0; k < VSI_PER_TEMPLATE; k++) {
      const [incomeText, income] = VSI_INCOMES[(t * 7 + k) % VSI_INCOMES.length] ?? ['3 triệu', 3_000_000];
      const [periodText, months] = pick(periods);
      const group = pick(VSI_GROUPS);
      const raw = template.write({ i: incomeText, p: periodText, g: group });
      const expected: VsiExpected = { income, group: group?.group ?? 'other', months };
      add(
        {
          template: template.id,
          raw,
          surfaces: { income: incomeText, period: periodText ?? '-', group: group?.pred ?? '-' },
        },
        (c) => ({ ...c, intent: INTENT.vsi, expected }),
      );
    }
  });

  HI_TEMPLATES.forEach((template, t) => {
    const pick = random(2000 + t);
    const kinds = template.kinds ?? MEMBER_KINDS;
    for (let k = 0; k < HI_PER_TEMPLATE; k++) {
      const n = (k % 6) + 1;
      const kind = kinds[(t + k + Math.floor(k / 6)) % kinds.length] ?? 'digits';
      const [periodText, said] = pick(HI_PERIODS);
      const m = members(n, kind);
      const raw = template.write({ m, p: periodText });
      // Templates that fill in "1 năm" / "một năm" when no period is drawn ask for a year.
      const expected: HiExpected = { members: n, months: periodText ? said : 12 };
      add({ template: template.id, raw, surfaces: { members: m, period: periodText ?? '-' } }, (c) => ({
        ...c,
        intent: INTENT.hi,
        expected,
      }));
    }
  });

  const pensionSets = [
    [PENSION_TEMPLATES, SEX_SURFACES],
    [RELATIVE_TEMPLATES, RELATIVE_SURFACES],
  ] as const;
  for (const [templates, surfaces] of pensionSets)
    templates.forEach((template, t) => {
      for (const [k, y] of PENSION_YEARS.entries()) {
        const [s, sex] = surfaces[(t + k) % surfaces.length] ?? ['nam', 'male'];
        const raw = template.write({ s, y });
        const expected: PensionExpected = { sex, years: y };
        add({ template: template.id, raw, surfaces: { sex: s, years: String(y) } }, (c) => ({
          ...c,
          intent: INTENT.pension,
          expected,
        }));
      }
    });
  return out;
}

// ------------------------------------------------------------------------ the expectations

export function expectedVsi(expected: VsiExpected): VsiContribution {
  const result = calculateVoluntaryContribution(
    {
      income: expected.income,
      group: expected.group === 'other' ? undefined : expected.group,
      months: expected.months,
      asOf: PHRASING_AS_OF,
    },
    POLICY_SCHEDULES,
  );
  if (result.kind !== 'ok')
    throw new Error(`no contribution for ${JSON.stringify(expected)}: ${result.kind}`);
  return result;
}

/** What a reply says, read back from its text (for the failure report only). */
export interface ReadBack {
  readonly intent: string;
  readonly path: string;
  readonly figures: string;
  readonly firstLine: string;
}

const MONEY = /\d{1,3}(?:\.\d{3})+ đồng/g;

function firstLine(reply: Reply): string {
  return reply.text.split('\n')[0] ?? '';
}

function readVsi(reply: Reply): { income?: number; group?: string; months?: number; net?: number } {
  const text = reply.text;
  const money = (value: string | undefined) => (value ? Number(value.replace(/\./g, '')) : undefined);
  const income = money(/thu nhập ([\d.]+) đồng/i.exec(text)?.[1]);
  const group = /thu nhập [\d.]+ đồng, ([^);.]+)/i.exec(text)?.[1];
  const total = /Bạn đóng [\d.]+ đồng cho (\d+) (tháng|năm)/.exec(text);
  const months = total
    ? Number(total[1]) * (total[2] === 'năm' ? 12 : 1)
    : /Bạn đóng/.test(text)
      ? 1
      : undefined;
  const net = money(/= ([\d.]+) đồng\/tháng/.exec(text)?.[1]);
  return {
    ...(income !== undefined ? { income } : {}),
    ...(group ? { group } : {}),
    ...(months !== undefined ? { months } : {}),
    ...(net !== undefined ? { net } : {}),
  };
}

export interface Failure {
  readonly id: string;
  readonly intent: CalcIntent;
  readonly form: Form;
  readonly template: string;
  /** What went wrong, coarsely: wrong-intent:<got>, asked-again, income, group, period, members, sex, years, figure. */
  readonly kind: string;
  /** One readable line for the diff. */
  readonly line: string;
  readonly text: string;
  readonly got: ReadBack;
}

function readBack(reply: Reply): ReadBack {
  return {
    intent: reply.intent,
    path: reply.path,
    figures: [...reply.text.matchAll(MONEY)].map((match) => match[0]).join(', '),
    firstLine: firstLine(reply),
  };
}

const GROUP_WORDS: Readonly<Record<SupportGroup, string>> = {
  poor: 'hộ nghèo',
  nearPoor: 'hộ cận nghèo',
  ethnicMinority: 'người dân tộc thiểu số',
  island: 'người sống ở xã đảo',
  other: 'đối tượng khác',
};

/** undefined when the reply answers the phrasing as expected. */
export function check(phrasing: Phrasing, reply: Reply): Failure | undefined {
  const got = readBack(reply);
  const fail = (kind: string, want: string): Failure => ({
    id: phrasing.id,
    intent: phrasing.intent,
    form: phrasing.form,
    template: phrasing.template,
    kind,
    text: phrasing.text,
    got,
    line:
      `[${phrasing.template} ${phrasing.form}] "${phrasing.text}" → ${kind}: want ${want}; ` +
      `got ${got.intent}/${got.path} «${got.firstLine.slice(0, 140)}»`,
  });

  if (phrasing.intent === INTENT.vsi) {
    const { expected } = phrasing;
    const result = expectedVsi(expected);
    const want =
      `${formatVnd(result.net)}/tháng` +
      (expected.months > 1 ? ` + ${formatVnd(result.perPeriod.net)} for ${expected.months} months` : '') +
      ` (income ${expected.income}, ${expected.group})`;
    if (reply.intent !== INTENT.vsi) return fail(`wrong-intent:${reply.intent}`, want);
    const text = reply.text;
    const hasNet = text.includes(`${formatVnd(result.net)}/tháng`);
    const hasTotal = expected.months === 1 || text.includes(formatVnd(result.perPeriod.net));
    const noStrayTotal = expected.months > 1 || !/Bạn đóng [\d.]+ đồng cho \d+ (?:tháng|năm)/.test(text);
    if (hasNet && hasTotal && noStrayTotal) return undefined;
    if (reply.path !== 'calculator') {
      const seen = readVsi(reply);
      if (seen.income !== undefined && seen.income !== expected.income) return fail('income', want);
      return fail('asked-again', want);
    }
    const seen = readVsi(reply);
    if (seen.income !== expected.income) return fail('income', want);
    const label = seen.group === 'tính theo nhóm đối tượng khác' ? 'đối tượng khác' : seen.group;
    if (label !== GROUP_WORDS[expected.group]) return fail('group', want);
    if (seen.months !== expected.months) return fail('period', want);
    return fail('figure', want);
  }

  if (phrasing.intent === INTENT.hi) {
    const { expected } = phrasing;
    const result = calculateHouseholdHealthInsurance(
      { members: expected.members, months: expected.months, asOf: PHRASING_AS_OF },
      POLICY_SCHEDULES,
    );
    if (result.kind !== 'ok') throw new Error(`no BHYT amount for ${JSON.stringify(expected)}`);
    const want = `${formatVnd(result.total)} (${expected.members} người, ${expected.months} tháng)`;
    if (reply.intent !== INTENT.hi) return fail(`wrong-intent:${reply.intent}`, want);
    if (firstLine(reply).includes(formatVnd(result.total))) return undefined;
    if (reply.path !== 'calculator') return fail('asked-again', want);
    const seen = /(\d+) người, (\d+) tháng/.exec(firstLine(reply));
    if (seen && Number(seen[1]) !== expected.members) return fail('members', want);
    if (seen && Number(seen[2]) !== expected.months) return fail('period', want);
    return fail('figure', want);
  }

  const { expected } = phrasing;
  const result = calculatePensionRate({ ...expected, asOf: PHRASING_AS_OF }, POLICY_SCHEDULES);
  if (result.kind !== 'eligible') throw new Error(`no pension rate for ${JSON.stringify(expected)}`);
  const label = expected.sex === 'male' ? 'Nam' : 'Nữ';
  const want = `${label} ${expected.years} năm: ${formatPercent(result.rate)}`;
  if (reply.intent !== INTENT.pension) return fail(`wrong-intent:${reply.intent}`, want);
  const line = firstLine(reply);
  if (
    line.startsWith(`${label} `) &&
    line.includes(` ${expected.years} năm`) &&
    line.includes(formatPercent(result.rate))
  )
    return undefined;
  if (reply.path !== 'calculator') return fail('asked-again', want);
  const seen = /^(Nam|Nữ) đóng BHXH (\d+) năm/.exec(line);
  if (seen && seen[1] !== label) return fail('sex', want);
  if (seen && Number(seen[2]) !== expected.years) return fail('years', want);
  return fail('figure', want);
}

// ---------------------------------------------------------------------- the dialogue core

async function sampleDocuments(): Promise<SourceFile[]> {
  const dir = fileURLToPath(new URL('../../data/knowledge/notes/', import.meta.url));
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const files: SourceFile[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name));
    let meta: SidecarMeta | undefined;
    try {
      meta = JSON.parse(await readFile(join(dir, `${name}.meta.json`), 'utf8')) as SidecarMeta;
    } catch {
      meta = undefined;
    }
    files.push({ file: name, bytes, ...(meta ? { meta } : {}) });
  }
  return files;
}

/** The published FAQ items of data/knowledge/faq.json, as the store would hold them. */
export function sampleFaqItems(): readonly FaqItem[] {
  const now = PHRASING_CLOCK.now().toISOString();
  return (faqData.items as unknown[])
    .map((item) => nextVersion(parseFaqDraft(item), undefined, 'seed', now))
    .filter((item) => item.status === 'published');
}

/**
 * The dialogue dependencies as the app composes them (functions/composition/assistant.ts), in process:
 * the calculators, the router over the routing examples and the sample FAQ, and the knowledge
 * engine over the sample FAQ and notes. No card look-up (it needs a database).
 */
export async function phrasingDeps(): Promise<DialogueDeps> {
  const items = sampleFaqItems();
  const faqs = { items: async () => items };
  const index = KnowledgeIndex.build(await ingestFiles(await sampleDocuments()), defaultAnalyzer());
  const fallbackSkill: Skill = createKnowledgeSkill({ index, faqs });
  return {
    clock: PHRASING_CLOCK,
    skills: createPolicySkills(),
    routing: new IntentRouting(faqs, (text) => readMessage(text).folded),
    fallbackSkill,
    asOf: PHRASING_AS_OF,
  };
}

/** One fresh conversation per phrasing. */
export async function ask(text: string, deps: DialogueDeps): Promise<Reply> {
  const { replies } = await converse([text], deps);
  const reply = replies[0];
  if (!reply) throw new Error(`no reply to "${text}"`);
  return reply;
}

export async function runPhrasings(
  phrasings: readonly Phrasing[],
  deps: DialogueDeps,
): Promise<{ failures: Failure[]; replies: Map<string, Reply> }> {
  const failures: Failure[] = [];
  const replies = new Map<string, Reply>();
  for (const phrasing of phrasings) {
    const reply = await ask(phrasing.text, deps);
    replies.set(phrasing.id, reply);
    const failure = check(phrasing, reply);
    if (failure) failures.push(failure);
  }
  return { failures, replies };
}

/** "typed 12/480 · plain 30/480 · shorthand 41/470" and the failure kinds, for the log. */
export function summarize(phrasings: readonly Phrasing[], failures: readonly Failure[]): string {
  const lines: string[] = [];
  for (const intent of Object.values(INTENT)) {
    if (!phrasings.some((p) => p.intent === intent)) continue;
    const forms = FORMS.map((form) => {
      const total = phrasings.filter((p) => p.intent === intent && p.form === form).length;
      const failed = failures.filter((f) => f.intent === intent && f.form === form).length;
      return `${form} ${failed}/${total}`;
    });
    const kinds = new Map<string, number>();
    for (const failure of failures.filter((f) => f.intent === intent))
      kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
    const byKind = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${n}`);
    lines.push(`${intent}: failed ${forms.join(' · ')}${byKind.length ? ` — ${byKind.join(', ')}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * Up to `limit` failures for the diff, spread over the failure kinds and templates (one class
 * should not hide the others): round-robin over kind|template groups, in suite order.
 */
export function sampleFailures(failures: readonly Failure[], limit = 30): string[] {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = `${failure.kind}|${failure.template}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  const picked: string[] = [];
  for (let round = 0; picked.length < Math.min(limit, failures.length); round++)
    for (const group of groups.values()) {
      const failure = group[round];
      if (failure && picked.length < limit) picked.push(failure.line);
    }
  return picked;
}
