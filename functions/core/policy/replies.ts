/**
 * Vietnamese texts of the calculator replies. Built only from computed values, so the reply
 * is the same whether the question had diacritics or not.
 *
 * Every calculator reply gives the answer on its first line and the key context (how it is
 * computed, or what it depends on) on the second; a compact breakdown, the notes on
 * unconfirmed values, the legal basis and the date the rules apply from follow. A reply
 * stays within REPLY_MAX_CHARS: optional lines give way (are shortened or left out, lowest
 * rank first) when it would not. Figures, unconfirmed notes, the basis and the dates never
 * give way.
 */
import type { Reply } from '../messages.js';
import { formatVietnameseDate as formatDate } from '../text/dates.js';
import type { NotCovered, PolicyBasis } from './basis.js';
import { citationsOf } from './citations.js';
import type { HiHouseholdContribution, HiMemberAmount } from './hi-household.js';
import { formatNumber, formatPercent, formatVnd, percentOf } from './money.js';
import type { PensionResult } from './pension.js';
import { type Sex, SUPPORT_GROUPS, type SupportGroup } from './schedules.js';
import type { VsiContribution, VsiLimits, VsiOutOfRange } from './vsi.js';

/** Longest calculator or card reply, in UTF-16 code units (what `text.length` counts). */
export const REPLY_MAX_CHARS = 600;

export const INTENTS = {
  vsi: 'calc.vsi_contribution',
  vsiSupport: 'calc.vsi_support',
  hiHousehold: 'calc.hi_household',
  pension: 'calc.pension_rate',
} as const;

export const GROUP_LABELS: Readonly<Record<SupportGroup, string>> = {
  poor: 'hộ nghèo',
  nearPoor: 'hộ cận nghèo',
  ethnicMinority: 'người dân tộc thiểu số',
  island: 'người sống ở xã đảo, đặc khu',
  other: 'đối tượng khác',
};

const SEX_LABELS: Readonly<Record<Sex, string>> = { male: 'Nam', female: 'Nữ' };

/**
 * A line that may give way when the reply is too long: at its rank it is replaced by
 * `short` (which may itself give way at a later rank), or left out when it has none.
 * Lower ranks give way first.
 */
export interface ReplyLine {
  readonly text: string;
  readonly rank: number;
  readonly short?: string | ReplyLine;
}

/** Ranks shared by the calculator and card replies. */
export const GIVE_WAY = {
  /** Background the answer does not depend on. */
  background: 1,
  /** Useful extras: other groups' amounts, how the rule reads, the tail of a long note. */
  extra: 2,
  /** Terser forms of lines that stay. */
  terse: 3,
  /** The legal basis without article numbers. */
  basis: 4,
  /** Last resort, for long data (a facility name) on top of everything else. */
  last: 5,
} as const;

/**
 * The lines (empty ones skipped) joined by newlines, optional lines giving way by rank
 * until the text fits `max`. Plain strings never give way, so a reply can exceed `max`
 * only when those alone do.
 */
export function fitLines(lines: readonly (ReplyLine | string)[], max: number = REPLY_MAX_CHARS): string {
  const current: (ReplyLine | string | undefined)[] = [...lines];
  const text = (line: ReplyLine | string | undefined) => (typeof line === 'object' ? line.text : line);
  const join = () => current.map(text).filter(Boolean).join('\n');
  for (let rank = 1; join().length > max; rank++) {
    const pending = current.filter((line): line is ReplyLine => typeof line === 'object');
    if (!pending.some((line) => line.rank >= rank)) break;
    current.forEach((line, index) => {
      if (typeof line === 'object' && line.rank === rank) current[index] = line.short;
    });
  }
  return join();
}

const LEGAL_ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/Luật Bảo hiểm xã hội/g, 'Luật BHXH'],
  [/Luật Bảo hiểm y tế/g, 'Luật BHYT'],
  [/Nghị định /g, 'NĐ '],
  [/Nghị quyết /g, 'NQ '],
  [/Quyết định /g, 'QĐ '],
  [/Điều (\d+)/g, 'Đ.$1'],
  [/khoản (\d+)/g, 'k.$1'],
];

/** "Nghị định 146/2018/NĐ-CP Điều 7 khoản 1" → "NĐ 146/2018/NĐ-CP Đ.7 k.1"; numbers stay as written. */
export function compactLegalText(text: string): string {
  return LEGAL_ABBREVIATIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * "Căn cứ: Luật BHXH 41/2024/QH15 Đ.31, Đ.36 k.1; NĐ 159/2025/NĐ-CP, 161/2026/NĐ-CP." — each
 * document once with its articles, laws first, then the decrees (resolutions, decisions)
 * under one abbreviation. Document numbers are written in full, as in the citations.
 */
function compactSourcesLine(basis: PolicyBasis, withArticles = true): string {
  const articles = new Map<string, string[]>();
  for (const source of basis.sources) {
    const document = compactLegalText(source.document);
    const list = articles.get(document) ?? [];
    const article = source.article && withArticles ? compactLegalText(source.article) : undefined;
    if (article && !list.includes(article)) list.push(article);
    articles.set(document, list);
  }
  const laws: string[] = [];
  const numbered = new Map<string, string[]>();
  for (const [document, list] of articles) {
    const cited = list.length ? `${document} ${list.join(', ')}` : document;
    const match = /^(NĐ|NQ|QĐ) (\d.*)$/.exec(cited);
    if (match?.[1] && match[2]) numbered.set(match[1], [...(numbered.get(match[1]) ?? []), match[2]]);
    else laws.push(cited);
  }
  const parts = [...laws, ...[...numbered].map(([kind, numbers]) => `${kind} ${numbers.join(', ')}`)];
  return `Căn cứ: ${parts.join('; ')}.`;
}

/** "Áp dụng từ 01/07/2026 (tính đến 01/12/2026)." */
function compactAsOfLine(basis: PolicyBasis): string {
  return `Áp dụng từ ${formatDate(basis.appliesFrom)} (tính đến ${formatDate(basis.asOf)}).`;
}

/** The notes on unconfirmed values (verbatim), the legal basis and the as-of date. */
function footerLines(basis: PolicyBasis): (ReplyLine | string)[] {
  return [
    ...basis.unconfirmed.map((note) => `Lưu ý: ${note}`),
    { text: compactSourcesLine(basis), short: compactSourcesLine(basis, false), rank: GIVE_WAY.basis },
    compactAsOfLine(basis),
  ];
}

function calculatorReply(
  intent: string,
  lines: readonly (ReplyLine | string)[],
  result: { basis: PolicyBasis },
): Reply {
  return {
    text: fitLines(lines),
    intent,
    path: 'calculator',
    citations: citationsOf(result.basis),
    asOf: result.basis.asOf,
    askFeedback: true,
  };
}

function slotReply(intent: string, text: string, asOf: string): Reply {
  return { text, intent, path: 'slot', citations: [], asOf };
}

export function notCoveredReply(intent: string, result: NotCovered): Reply {
  return {
    text:
      `Dữ liệu chính sách của tôi chỉ có từ ngày ${formatDate(result.coveredFrom)}, ` +
      `nên tôi chưa tính được cho ngày ${formatDate(result.asOf)}. ` +
      'Bạn vui lòng liên hệ cơ quan BHXH để được hướng dẫn.',
    intent,
    path: 'calculator',
    citations: [],
    asOf: result.asOf,
  };
}

/** "Thu nhập chọn đóng phải từ … đến … (20 lần mức tham chiếu …)."; terse without the explanations. */
function limitsLine(limits: VsiLimits, rank: number): ReplyLine {
  const range = `Thu nhập chọn đóng phải từ ${formatVnd(limits.minIncome)}`;
  return {
    text:
      `${range} (chuẩn nghèo nông thôn) đến ${formatVnd(limits.maxIncome)} ` +
      `(${limits.ceilingMultiplier} lần ${limits.referenceLevelName} ${formatVnd(limits.referenceLevel)}).`,
    short: `${range} đến ${formatVnd(limits.maxIncome)}.`,
    rank,
  };
}

/** What the support is a percentage of, and for how long it is paid. */
function supportBaseLine(limits: VsiLimits, rank: number): ReplyLine {
  const cap =
    limits.maxSupportMonths !== null
      ? `Nhà nước hỗ trợ tối đa ${limits.maxSupportMonths / 12} năm, địa phương có thể hỗ trợ thêm`
      : 'địa phương có thể hỗ trợ thêm';
  return {
    text:
      `Mức hỗ trợ tính trên ${formatPercent(limits.ratePercent)} × chuẩn nghèo nông thôn ` +
      `${formatNumber(limits.minIncome)} = ${formatVnd(limits.supportBase)} dù bạn chọn thu nhập nào; ${cap}.`,
    rank,
  };
}

/** Before 2025-07-01 ethnic minorities had no national rate of their own: same as "other". */
function ethnicSameAsOther(limits: VsiLimits): boolean {
  return limits.supportPercentByGroup.ethnicMinority === limits.supportPercentByGroup.other;
}

/** A group with a rate of its own on the date; before 1/7/2025 islanders were priced as "other". */
function hasOwnRate(limits: VsiLimits, group: SupportGroup): boolean {
  if (group === 'island') return limits.supportPercentByGroup.island !== limits.supportPercentByGroup.other;
  return true;
}

const ETHNIC_AS_OTHER =
  'Giai đoạn này người dân tộc thiểu số chưa có mức hỗ trợ riêng, được tính như đối tượng khác.';

function periodLabel(months: number): string {
  return months % 12 === 0 && months > 12 ? `${months / 12} năm` : `${months} tháng`;
}

/**
 * `notice`: a sentence about the question itself (e.g. a payment period the rules do not
 * have), shown after the formula and counted in the length budget.
 */
export function vsiContributionReply(result: VsiContribution, notice?: string): Reply {
  const { limits } = result;
  const group = result.groupAssumed ? 'tính theo nhóm đối tượng khác' : GROUP_LABELS[result.group];
  const context = `thu nhập ${formatVnd(result.income)}, ${group}`;
  const monthly = `Bạn đóng ${formatVnd(result.net)}/tháng`;
  const total = `Bạn đóng ${formatVnd(result.perPeriod.net)} cho ${periodLabel(result.months)}`;
  // The income is on the formula line too, so the answer can do without it as a last resort.
  const answer: ReplyLine =
    result.months > 1
      ? {
          text: `${total} (${formatVnd(result.net)}/tháng; ${context}).`,
          short: { text: `${total} (${context}).`, short: `${total} (${group}).`, rank: GIVE_WAY.last },
          rank: GIVE_WAY.terse,
        }
      : { text: `${monthly} (${context}).`, short: `${monthly} (${group}).`, rank: GIVE_WAY.last };
  const formula = (support: string) =>
    `${formatPercent(result.ratePercent)} × ${formatNumber(result.income)} = ${formatNumber(result.gross)}; ` +
    `${support} ${formatPercent(result.supportPercent)} × ${formatNumber(limits.supportBase)} = ` +
    `${formatNumber(result.support)}; ${formatNumber(result.gross)} − ${formatNumber(result.support)} = ` +
    `${formatVnd(result.net)}/tháng` +
    (result.months > 1
      ? `; ${formatNumber(result.net)} × ${result.months} = ${formatVnd(result.perPeriod.net)}.`
      : '.');
  const lines: (ReplyLine | string)[] = [
    answer,
    {
      text: `Cách tính: ${formula('Nhà nước hỗ trợ')}`,
      short: formula('hỗ trợ'),
      rank: GIVE_WAY.terse,
    },
  ];
  if (notice) lines.push(notice);
  if (result.paysYearsAhead) {
    lines.push({
      text:
        'Đóng trước nhiều năm có thể được giảm trừ theo quy định của BHXH Việt Nam; số trên chưa tính khoản giảm này, ' +
        'bạn nên hỏi cơ quan BHXH số tiền chính xác.',
      short: 'Số trên chưa tính khoản giảm trừ theo quy định của BHXH Việt Nam khi đóng trước nhiều năm.',
      rank: GIVE_WAY.terse,
    });
  }
  const sameAsOther = ethnicSameAsOther(limits);
  if (result.groupAssumed) {
    const others = result.otherGroups
      .filter(
        (other) => !(sameAsOther && other.group === 'ethnicMinority') && hasOwnRate(limits, other.group),
      )
      .map((other) => `${GROUP_LABELS[other.group]} ${formatVnd(other.net)}`)
      .join(', ');
    lines.push({
      text: `Bạn chưa cho biết thuộc nhóm nào; nếu thuộc nhóm khác, mỗi tháng bạn đóng: ${others}.`,
      rank: GIVE_WAY.extra,
      short: { text: 'Nếu bạn thuộc nhóm khác, xin cho tôi biết để tính lại.', rank: GIVE_WAY.terse },
    });
    if (sameAsOther) lines.push({ text: ETHNIC_AS_OTHER, rank: GIVE_WAY.background });
  } else if (result.group === 'ethnicMinority' && sameAsOther) {
    lines.push(ETHNIC_AS_OTHER);
  }
  lines.push(supportBaseLine(limits, GIVE_WAY.background), ...footerLines(result.basis));
  return calculatorReply(INTENTS.vsi, lines, result);
}

/**
 * `atLimit`: the same question computed at the nearest allowed income (the floor or the
 * ceiling), so a citizen who named an income below the floor still learns the least they can pay.
 */
const PEOPLE_WORDS: Readonly<Record<number, string>> = { 2: 'Hai', 3: 'Ba', 4: 'Bốn', 5: 'Năm' };

/**
 * Several people paying BHXH tự nguyện together: one result each, in the order named (the same
 * result repeated when they pay at one income). The total first, then each person's share.
 */
export function vsiSeveralReply(perPerson: readonly VsiContribution[], notice?: string): Reply {
  const first = perPerson[0];
  if (!first) throw new RangeError('at least one person');
  const { limits, months } = first;
  const count = perPerson.length;
  const who = `${PEOPLE_WORDS[count] ?? count} người`;
  const monthly = perPerson.reduce((sum, one) => sum + one.net, 0);
  const group = first.groupAssumed ? 'tính theo nhóm đối tượng khác' : GROUP_LABELS[first.group];
  const sameIncome = perPerson.every((one) => one.income === first.income);
  // "Mỗi người đóng bao nhiêu" is as common as the total: at one income, each share is in the first line too.
  const eachForPeriod = sameIncome && months > 1 ? `, mỗi người ${formatVnd(first.perPeriod.net)}` : '';
  const answer =
    months > 1
      ? `${who} đóng ${formatVnd(monthly * months)} cho ${periodLabel(months)}${eachForPeriod} (${formatVnd(monthly)}/tháng; ${group}).`
      : `${who} đóng ${formatVnd(monthly)}/tháng (${group}).`;
  const support = `hỗ trợ ${formatPercent(first.supportPercent)} × ${formatNumber(limits.supportBase)} = ${formatNumber(first.support)}`;
  const lines: (ReplyLine | string)[] = [answer];
  const forPeriod = months > 1 ? `; × ${months} tháng = ${formatVnd(monthly * months)}.` : '.';
  if (sameIncome) {
    lines.push({
      text:
        `Mỗi người (thu nhập ${formatVnd(first.income)}): ${formatPercent(first.ratePercent)} × ` +
        `${formatNumber(first.income)} = ${formatNumber(first.gross)}; ${support}; ` +
        `${formatNumber(first.gross)} − ${formatNumber(first.support)} = ${formatVnd(first.net)}/tháng; ` +
        `× ${count} người = ${formatVnd(monthly)}/tháng${forPeriod}`,
      short: `Mỗi người ${formatVnd(first.net)}/tháng; × ${count} người = ${formatVnd(monthly)}/tháng${forPeriod}`,
      rank: GIVE_WAY.terse,
    });
  } else {
    // "riêng phần của em thì bao nhiêu": each person's own total for the period too.
    const each = perPerson.map(
      (one) =>
        `thu nhập ${formatNumber(one.income)}: ${formatNumber(one.net)}/tháng` +
        (months > 1 ? `, ${formatNumber(one.perPeriod.net)}/${periodLabel(months)}` : ''),
    );
    lines.push({
      text:
        `Từng người (${formatPercent(first.ratePercent)} thu nhập, trừ ${support}; đồng): ${each.join(' · ')}; ` +
        `cộng ${formatVnd(monthly)}/tháng${forPeriod}`,
      short: `Từng người (đồng): ${perPerson
        .map(
          (one) =>
            `mức ${formatNumber(one.income)} → ${formatNumber(one.net)}/tháng` +
            (months > 1 ? `, ${formatNumber(one.perPeriod.net)} cả kỳ` : ''),
        )
        .join(' · ')}${forPeriod}`,
      rank: GIVE_WAY.terse,
    });
  }
  if (notice) lines.push(notice);
  if (first.paysYearsAhead) {
    lines.push({
      text: 'Số trên chưa tính khoản giảm trừ theo quy định của BHXH Việt Nam khi đóng trước nhiều năm.',
      rank: GIVE_WAY.terse,
    });
  }
  if (first.groupAssumed) {
    lines.push({
      text: 'Nếu ai thuộc hộ nghèo, hộ cận nghèo, là người dân tộc thiểu số hoặc sống ở xã đảo, đặc khu, xin cho tôi biết để tính lại.',
      rank: GIVE_WAY.extra,
    });
  }
  lines.push(supportBaseLine(limits, GIVE_WAY.background), ...footerLines(first.basis));
  return calculatorReply(INTENTS.vsi, lines, first);
}

export function vsiOutOfRangeReply(result: VsiOutOfRange, atLimit?: VsiContribution): Reply {
  const lines = [
    result.reason === 'below-minimum'
      ? `Thu nhập ${formatVnd(result.income)}/tháng thấp hơn mức tối thiểu để đóng BHXH tự nguyện.`
      : `Thu nhập ${formatVnd(result.income)}/tháng cao hơn mức tối đa để đóng BHXH tự nguyện.`,
    limitsLine(result.limits, GIVE_WAY.terse),
    atLimit ? atLimitLine(atLimit, result.reason) : '',
    {
      text: 'Bạn vui lòng cho biết mức thu nhập trong khoảng này để tôi tính tiền đóng.',
      short: 'Bạn vui lòng cho biết thu nhập trong khoảng này.',
      rank: GIVE_WAY.extra,
    },
    ...footerLines(result.basis),
  ];
  return { ...calculatorReply(INTENTS.vsi, lines, result), path: 'slot', askFeedback: false };
}

/** "Ở mức thấp nhất 1.500.000 đồng, bạn đóng 264.000 đồng/tháng (tính theo nhóm đối tượng khác)." */
function atLimitLine(result: VsiContribution, reason: VsiOutOfRange['reason']): string {
  const which = reason === 'below-minimum' ? 'thấp nhất' : 'cao nhất';
  const group = result.groupAssumed ? 'tính theo nhóm đối tượng khác' : GROUP_LABELS[result.group];
  const period =
    result.months > 1 ? `; ${formatVnd(result.perPeriod.net)} cho ${periodLabel(result.months)}` : '';
  return `Ở mức ${which} ${formatVnd(result.income)}, bạn đóng ${formatVnd(result.net)}/tháng${period} (${group}).`;
}

export function askIncomeReply(limits: VsiLimits): Reply {
  return slotReply(
    INTENTS.vsi,
    'Để tính tiền đóng BHXH tự nguyện, bạn cho biết mức thu nhập hằng tháng bạn chọn làm căn cứ đóng ' +
      `(từ ${formatVnd(limits.minIncome)} đến ${formatVnd(limits.maxIncome)}), ví dụ: "3 triệu". ` +
      'Nếu bạn thuộc hộ nghèo, hộ cận nghèo hoặc là người dân tộc thiểu số, xin ghi thêm để tôi tính mức hỗ trợ.',
    limits.basis.asOf,
  );
}

/** "hộ nghèo 50% = 165.000 đồng; hộ cận nghèo 40% = 132.000 đồng; …" */
function supportTable(limits: VsiLimits): string {
  return SUPPORT_GROUPS.filter((group) => hasOwnRate(limits, group))
    .map((group) => {
      const percent = limits.supportPercentByGroup[group];
      return `${GROUP_LABELS[group]} ${formatPercent(percent)} = ${formatVnd(percentOf(limits.supportBase, percent))}`;
    })
    .join('; ');
}

/** `months`: the period asked about ("1 năm thì được hỗ trợ tổng cộng bao nhiêu"), when more than one. */
export function vsiSupportReply(limits: VsiLimits, group?: SupportGroup, months?: number): Reply {
  const sameAsOther = ethnicSameAsOther(limits);
  const lines: (ReplyLine | string)[] = [];
  if (group) {
    const percent = limits.supportPercentByGroup[group];
    const monthly = percentOf(limits.supportBase, percent);
    const total =
      months !== undefined && months > 1 && monthly > 0
        ? `, tức ${formatVnd(monthly * months)} cho ${months} tháng`
        : '';
    lines.push(
      `Người thuộc nhóm ${GROUP_LABELS[group]} được Nhà nước hỗ trợ ${formatPercent(percent)} = ` +
        `${formatVnd(monthly)}/tháng tiền đóng BHXH tự nguyện${total}.`,
      group === 'ethnicMinority' && sameAsOther ? ETHNIC_AS_OTHER : '',
      supportBaseLine(limits, GIVE_WAY.extra),
      { text: `Mức hỗ trợ mỗi tháng theo nhóm: ${supportTable(limits)}.`, rank: GIVE_WAY.background },
    );
  } else {
    lines.push(
      `Nhà nước hỗ trợ tiền đóng BHXH tự nguyện mỗi tháng: ${supportTable(limits)}.`,
      supportBaseLine(limits, GIVE_WAY.extra),
      sameAsOther ? { text: ETHNIC_AS_OTHER, rank: GIVE_WAY.background } : '',
      { text: 'Nếu thuộc nhiều nhóm, bạn được hưởng mức cao nhất.', rank: GIVE_WAY.background },
    );
  }
  lines.push(...footerLines(limits.basis));
  return calculatorReply(INTENTS.vsiSupport, lines, limits);
}

export function vsiRulesReply(limits: VsiLimits): Reply {
  const percents = limits.supportPercentByGroup;
  const range =
    `Mức đóng BHXH tự nguyện bằng ${formatPercent(limits.ratePercent)} mức thu nhập bạn chọn, ` +
    `từ ${formatVnd(percentOf(limits.minIncome, limits.ratePercent))} đến ` +
    `${formatVnd(percentOf(limits.maxIncome, limits.ratePercent))}/tháng`;
  const lines = [
    {
      text: `${range} trước khi trừ phần Nhà nước hỗ trợ.`,
      short: `${range} trước khi trừ hỗ trợ.`,
      rank: GIVE_WAY.terse,
    },
    limitsLine(limits, GIVE_WAY.terse),
    {
      text:
        `Nhà nước hỗ trợ theo tỷ lệ của ${formatVnd(limits.supportBase)}: hộ nghèo ${formatPercent(percents.poor)}, ` +
        `hộ cận nghèo ${formatPercent(percents.nearPoor)}, người dân tộc thiểu số ${formatPercent(percents.ethnicMinority)}, ` +
        `đối tượng khác ${formatPercent(percents.other)}.`,
      rank: GIVE_WAY.extra,
    },
    {
      text: 'Bạn cho tôi biết mức thu nhập muốn chọn (ví dụ "3 triệu") để tôi tính số tiền cụ thể.',
      rank: GIVE_WAY.background,
    },
    ...footerLines(limits.basis),
  ];
  return calculatorReply(INTENTS.vsi, lines, limits);
}

/** "người 2, 3, 4, từ người 5" / "người 2, 3, 4, 5": who pays a reduced share. */
function reducedMembers(result: HiHouseholdContribution, members: readonly HiMemberAmount[]): string {
  const positions = members.map((member) =>
    member.position === 5 && result.members > 5 ? 'từ người 5' : String(member.position),
  );
  return `người ${positions.join(', ')}`;
}

/** Member amounts for the breakdown; from the 5th member on all pay the same, so they are counted. */
function memberAmounts(
  result: HiHouseholdContribution,
  amount: (member: HiMemberAmount) => number,
): string[] {
  const rest = result.members - 4;
  return result.perMember
    .filter((member) => member.position <= 5)
    .map((member) =>
      member.position === 5 && rest > 1
        ? `${rest} × ${formatNumber(amount(member))}`
        : formatNumber(amount(member)),
    );
}

/** `notice`: who was left out of the count (children under 6), right after the answer. */
export function hiHouseholdReply(result: HiHouseholdContribution, notice?: ReplyLine | string): Reply {
  const firstMonthly = formatVnd(result.perMember[0]?.monthly ?? 0);
  const reference = `${formatPercent(result.ratePercent)} × ${formatNumber(result.referenceLevel)} (${result.referenceLevelName})`;
  const lines: (ReplyLine | string)[] = [
    `BHYT hộ gia đình ${result.members} người, ${result.months} tháng: ${formatVnd(result.total)}` +
      (result.months > 1 ? ` (${formatVnd(result.totalMonthly)}/tháng).` : '.'),
  ];
  if (notice) lines.push(notice);
  if (result.members === 1) {
    lines.push(
      `Cách tính: ${reference} = ${firstMonthly}/tháng` +
        (result.months > 1 ? `; × ${result.months} tháng = ${formatVnd(result.total)}.` : '.'),
    );
  } else {
    const reduced = result.perMember.slice(1, 5);
    const monthly = result.perMember
      .filter((member) => member.position <= 5)
      .map((member) =>
        member.position === 5 && result.members > 5
          ? `người 5–${result.members}: mỗi người ${formatNumber(member.monthly)}`
          : `${member.position === 1 ? 'Người' : 'người'} ${member.position}: ${formatNumber(member.monthly)}`,
      );
    lines.push(
      `Người 1 đóng ${reference} = ${firstMonthly}/tháng; ${reducedMembers(result, reduced)} đóng ` +
        `${reduced.map((member) => formatPercent(member.percentOfFirst)).join(', ')} mức người 1.`,
      `${monthly.join(' · ')} đồng/tháng.`,
      `${result.months} tháng: ${memberAmounts(result, (member) => member.perPeriod).join(' + ')} = ${formatVnd(result.total)}.`,
      {
        text: 'Mức giảm từ người thứ 2 áp dụng khi các thành viên cùng tham gia trong năm tài chính.',
        rank: GIVE_WAY.extra,
      },
    );
  }
  lines.push(
    {
      // The research confirms the fully state-paid groups for the 2024 law only (from 2025-07-01).
      text:
        result.basis.asOf >= '2025-07-01'
          ? 'Trẻ em dưới 6 tuổi, người thuộc hộ nghèo được Nhà nước đóng BHYT; hộ cận nghèo, học sinh, sinh viên được hỗ trợ theo nhóm riêng.'
          : 'Hộ cận nghèo, học sinh, sinh viên được Nhà nước hỗ trợ tiền đóng BHYT theo nhóm riêng.',
      rank: GIVE_WAY.background,
    },
    ...footerLines(result.basis),
  );
  return calculatorReply(INTENTS.hiHousehold, lines, result);
}

export function askMembersReply(asOf: string): Reply {
  return slotReply(
    INTENTS.hiHousehold,
    'Để tính tiền đóng BHYT hộ gia đình, bạn cho biết hộ có bao nhiêu người tham gia, ví dụ: "4 người".',
    asOf,
  );
}

function pensionRuleText(result: Extract<PensionResult, { kind: 'eligible' | 'not-eligible' }>): string {
  if (result.sex === 'female')
    return `nữ: 45% cho 15 năm đóng, thêm 2% mỗi năm tiếp theo, tối đa ${result.maxRate}%`;
  if (result.law === '41/2024/QH15') {
    return (
      'nam đóng từ 15 đến dưới 20 năm: 40% cho 15 năm, thêm 1% mỗi năm; ' +
      `từ đủ 20 năm: 45% cho 20 năm, thêm 2% mỗi năm tiếp theo, tối đa ${result.maxRate}%`
    );
  }
  return `nam: 45% cho 20 năm đóng, thêm 2% mỗi năm tiếp theo, tối đa ${result.maxRate}%`;
}

const ASK_BHXH = 'Bạn nên hỏi cơ quan BHXH trước khi quyết định.';

function notEligibleOptions(result: Extract<PensionResult, { kind: 'not-eligible' }>): string[] {
  if (result.law === '41/2024/QH15') {
    return [
      '• Đóng tiếp cho đủ năm; sắp đến tuổi nghỉ hưu có thể đóng một lần phần còn thiếu.',
      '• Đủ tuổi nghỉ hưu mà chưa đủ năm: nhận trợ cấp hằng tháng (Điều 23 Luật BHXH 2024, khi chưa đủ tuổi ' +
        'hưởng trợ cấp hưu trí xã hội) hoặc nhận BHXH một lần.',
      `• BHXH một lần còn áp dụng khi ra nước ngoài định cư, mắc bệnh hiểm nghèo. ${ASK_BHXH}`,
    ];
  }
  return [
    '• Đóng tiếp cho đủ số năm; đủ tuổi nghỉ hưu mà còn thiếu không quá 10 năm được đóng một lần cho số năm còn thiếu.',
    '• Hoặc hưởng BHXH một lần khi: đủ tuổi nghỉ hưu mà chưa đủ 20 năm đóng; sau 12 tháng không đóng mà chưa đủ 20 năm; ' +
      `ra nước ngoài định cư; mắc bệnh nguy hiểm đến tính mạng. ${ASK_BHXH}`,
  ];
}

export function pensionReply(result: Exclude<PensionResult, NotCovered>, extraMonths = 0): Reply {
  const who = `${SEX_LABELS[result.sex]} đóng BHXH ${result.years} năm`;
  const monthsNote: ReplyLine | string =
    extraMonths > 0
      ? {
          text: `Tôi tính theo ${result.years} năm tròn; số tháng lẻ được cơ quan BHXH tính theo quy định.`,
          rank: GIVE_WAY.extra,
        }
      : '';
  const lines: (ReplyLine | string)[] = [];
  if (result.kind === 'eligible') {
    lines.push(
      `${who}: tỷ lệ hưởng lương hưu là ${formatPercent(result.rate)}` +
        (result.capped ? `, mức tối đa.` : '.'),
      `Cách tính (${pensionRuleText(result)}).`,
      monthsNote,
      {
        text:
          'Lương hưu hằng tháng = tỷ lệ hưởng × bình quân thu nhập tháng đã đóng BHXH (được điều chỉnh theo quy định); ' +
          'bạn cần đủ tuổi nghỉ hưu theo lộ trình.',
        rank: GIVE_WAY.background,
      },
    );
  } else if (result.kind === 'not-eligible') {
    lines.push(
      `${who}: chưa đủ điều kiện hưởng lương hưu (cần ${result.minYears} năm, còn thiếu ${result.missingYears} năm).`,
      result.rateAtMinimum !== undefined
        ? {
            text: `Khi đủ ${result.minYears} năm, tỷ lệ hưởng là ${formatPercent(result.rateAtMinimum)} (${pensionRuleText(result)}).`,
            short: `Khi đủ ${result.minYears} năm, tỷ lệ hưởng là ${formatPercent(result.rateAtMinimum)}.`,
            rank: GIVE_WAY.extra,
          }
        : '',
      monthsNote,
      ...notEligibleOptions(result),
    );
  } else {
    lines.push(
      `${who}. ${result.note}`,
      'Bạn vui lòng liên hệ cơ quan BHXH để được xác nhận tỷ lệ hưởng của mình.',
    );
  }
  lines.push(...footerLines(result.basis));
  return calculatorReply(INTENTS.pension, lines, result);
}

export function askPensionReply(missing: 'sex' | 'years' | 'both', asOf: string): Reply {
  const text = {
    sex: 'Để tính tỷ lệ hưởng lương hưu, bạn cho biết bạn là nam hay nữ?',
    years:
      'Để tính tỷ lệ hưởng lương hưu, bạn cho biết bạn đã (hoặc sẽ) đóng BHXH bao nhiêu năm, ví dụ: "18 năm"?',
    both: 'Để tính tỷ lệ hưởng lương hưu, bạn cho biết giới tính và số năm đóng BHXH, ví dụ: "nam, đóng 18 năm" hoặc "nữ 16 năm".',
  }[missing];
  return slotReply(INTENTS.pension, text, asOf);
}
