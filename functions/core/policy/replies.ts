/**
 * Vietnamese texts of the calculator replies. Built only from computed values, so the reply
 * is the same whether the question had diacritics or not.
 */
import type { Reply } from '../messages.js';
import { formatVietnameseDate as formatDate } from '../text/dates.js';
import type { NotCovered } from './basis.js';
import { citationsOf, footer } from './citations.js';
import type { HiHouseholdContribution } from './hi-household.js';
import { formatNumber, formatPercent, formatVnd, percentOf } from './money.js';
import type { PensionResult } from './pension.js';
import type { Sex, SupportGroup } from './schedules.js';
import type { VsiContribution, VsiLimits, VsiOutOfRange } from './vsi.js';

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
  other: 'đối tượng khác',
};

const SEX_LABELS: Readonly<Record<Sex, string>> = { male: 'Nam', female: 'Nữ' };

function calculatorReply(
  intent: string,
  lines: readonly string[],
  result: { basis: VsiLimits['basis'] },
): Reply {
  return {
    text: lines.filter((line) => line !== '').join('\n'),
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

function limitsLine(limits: VsiLimits): string {
  return (
    `Thu nhập chọn đóng phải từ ${formatVnd(limits.minIncome)} (chuẩn hộ nghèo khu vực nông thôn) ` +
    `đến ${formatVnd(limits.maxIncome)} (${limits.ceilingMultiplier} lần ${limits.referenceLevelName} ` +
    `${formatVnd(limits.referenceLevel)}).`
  );
}

function supportCapLine(limits: VsiLimits): string {
  const cap =
    limits.maxSupportMonths !== null
      ? `Nhà nước hỗ trợ tối đa ${limits.maxSupportMonths / 12} năm (${limits.maxSupportMonths} tháng); `
      : '';
  return `${cap}${cap ? 'địa' : 'Địa'} phương có thể hỗ trợ thêm ngoài mức này.`;
}

function groupLabel(limits: VsiLimits, group: SupportGroup): string {
  if (
    group === 'ethnicMinority' &&
    limits.supportPercentByGroup.ethnicMinority === limits.supportPercentByGroup.other
  ) {
    return 'người dân tộc thiểu số (giai đoạn này chưa có mức hỗ trợ riêng, tính như đối tượng khác)';
  }
  return GROUP_LABELS[group];
}

export function vsiContributionReply(result: VsiContribution): Reply {
  const { limits } = result;
  const lines = [
    `Tiền đóng BHXH tự nguyện với thu nhập chọn đóng ${formatVnd(result.income)}/tháng, nhóm ${groupLabel(limits, result.group)}:`,
    `• Mức đóng: ${formatPercent(result.ratePercent)} × ${formatNumber(result.income)} = ${formatVnd(result.gross)}/tháng`,
    `• Nhà nước hỗ trợ: ${formatPercent(result.supportPercent)} × ${formatNumber(limits.supportBase)} ` +
      `(${formatPercent(limits.ratePercent)} × chuẩn nghèo ${formatNumber(limits.minIncome)}) = ${formatVnd(result.support)}/tháng`,
    `• Số tiền bạn đóng: ${formatNumber(result.gross)} − ${formatNumber(result.support)} = ${formatVnd(result.net)}/tháng`,
  ];
  if (result.months > 1) {
    const label =
      result.months % 12 === 0 && result.months > 12 ? `${result.months / 12} năm` : `${result.months} tháng`;
    lines.push(
      `• Đóng ${label} một lần: ${formatNumber(result.net)} × ${result.months} = ${formatVnd(result.perPeriod.net)}`,
    );
  }
  if (result.paysYearsAhead) {
    lines.push(
      'Khi đóng trước nhiều năm một lần, số tiền thực tế có thể thấp hơn vì được giảm trừ theo quy định của BHXH Việt Nam; ' +
        'con số trên chưa tính khoản giảm này. Bạn vui lòng hỏi cơ quan BHXH để biết số tiền chính xác.',
    );
  }
  if (result.groupAssumed) {
    // Before 2025-07-01 ethnic minorities had no national rate of their own: same as "other".
    const sameAsOther = limits.supportPercentByGroup.ethnicMinority === limits.supportPercentByGroup.other;
    const others = result.otherGroups
      .filter((other) => !(sameAsOther && other.group === 'ethnicMinority' && result.group === 'other'))
      .map(
        (other) =>
          `${GROUP_LABELS[other.group]} ${formatVnd(other.net)} (hỗ trợ ${formatPercent(other.supportPercent)})`,
      )
      .join('; ');
    lines.push(
      `Bạn chưa cho biết thuộc nhóm nào nên tôi tính theo nhóm đối tượng khác. Nếu thuộc nhóm khác, số tiền mỗi tháng là: ${others}.`,
    );
    if (sameAsOther)
      lines.push(
        'Giai đoạn này người dân tộc thiểu số chưa có mức hỗ trợ riêng, được tính như đối tượng khác.',
      );
  }
  lines.push(supportCapLine(limits), limitsLine(limits), ...footer(result.basis));
  return calculatorReply(INTENTS.vsi, lines, result);
}

export function vsiOutOfRangeReply(result: VsiOutOfRange): Reply {
  const { limits } = result;
  const lines = [
    result.reason === 'below-minimum'
      ? `Thu nhập ${formatVnd(result.income)}/tháng thấp hơn mức tối thiểu để đóng BHXH tự nguyện.`
      : `Thu nhập ${formatVnd(result.income)}/tháng cao hơn mức tối đa để đóng BHXH tự nguyện.`,
    limitsLine(limits),
    'Bạn vui lòng cho biết mức thu nhập trong khoảng này để tôi tính tiền đóng.',
    ...footer(result.basis),
  ];
  return { ...calculatorReply(INTENTS.vsi, lines, result), path: 'slot', askFeedback: false };
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

export function vsiSupportReply(limits: VsiLimits, group?: SupportGroup): Reply {
  const lines = [
    group
      ? `Người thuộc nhóm ${groupLabel(limits, group)} được Nhà nước hỗ trợ ${formatPercent(
          limits.supportPercentByGroup[group],
        )} = ${formatVnd(percentOf(limits.supportBase, limits.supportPercentByGroup[group]))}/tháng.`
      : '',
    `Mức Nhà nước hỗ trợ tiền đóng BHXH tự nguyện, tính trên ${formatPercent(limits.ratePercent)} × chuẩn nghèo nông thôn ` +
      `${formatNumber(limits.minIncome)} = ${formatVnd(limits.supportBase)}/tháng:`,
    ...(['poor', 'nearPoor', 'ethnicMinority', 'other'] as const).map((group) => {
      const percent = limits.supportPercentByGroup[group];
      return `• ${groupLabel(limits, group).replace(/^./, (c) => c.toUpperCase())}: ${formatPercent(percent)} = ${formatVnd(percentOf(limits.supportBase, percent))}/tháng`;
    }),
    'Mức hỗ trợ như nhau dù bạn chọn thu nhập đóng cao hay thấp; nếu thuộc nhiều nhóm thì hưởng mức cao nhất.',
    supportCapLine(limits),
    ...footer(limits.basis),
  ];
  return calculatorReply(INTENTS.vsiSupport, lines, limits);
}

export function vsiRulesReply(limits: VsiLimits): Reply {
  const percents = limits.supportPercentByGroup;
  const lines = [
    `Mức đóng BHXH tự nguyện hằng tháng bằng ${formatPercent(limits.ratePercent)} mức thu nhập bạn chọn, ` +
      `từ ${formatVnd(limits.minIncome)} đến ${formatVnd(limits.maxIncome)}, tức từ ` +
      `${formatVnd(percentOf(limits.minIncome, limits.ratePercent))} đến ` +
      `${formatVnd(percentOf(limits.maxIncome, limits.ratePercent))}/tháng trước khi trừ phần Nhà nước hỗ trợ.`,
    `Nhà nước hỗ trợ theo tỷ lệ của ${formatVnd(limits.supportBase)}: hộ nghèo ${formatPercent(percents.poor)}, ` +
      `hộ cận nghèo ${formatPercent(percents.nearPoor)}, người dân tộc thiểu số ${formatPercent(percents.ethnicMinority)}, ` +
      `đối tượng khác ${formatPercent(percents.other)}.`,
    'Bạn cho tôi biết mức thu nhập muốn chọn (ví dụ "3 triệu") để tôi tính số tiền cụ thể.',
    ...footer(limits.basis),
  ];
  return calculatorReply(INTENTS.vsi, lines, limits);
}

export function hiHouseholdReply(result: HiHouseholdContribution): Reply {
  const first = result.perMember[0];
  const lines = [
    `BHYT hộ gia đình ${result.members} người, đóng ${result.months} tháng (${result.referenceLevelName} ${formatVnd(result.referenceLevel)}):`,
  ];
  for (const member of result.perMember) {
    if (member.position > 5) break;
    const who =
      member.position === 5 && result.members > 5
        ? `Người thứ 5 đến thứ ${result.members} (mỗi người)`
        : `Người thứ ${member.position}`;
    const formula =
      member.position === 1
        ? `${formatPercent(result.ratePercent)} × ${formatNumber(result.referenceLevel)}`
        : `${formatPercent(member.percentOfFirst)} mức người thứ nhất`;
    lines.push(`• ${who}: ${formula} = ${formatVnd(member.monthly)}/tháng → ${formatVnd(member.perPeriod)}`);
  }
  const addends = result.perMember.map((member) => formatNumber(member.perPeriod));
  const sum = result.members > 1 && result.members <= 6 ? `${addends.join(' + ')} = ` : '';
  lines.push(
    `Tổng cộng ${result.months} tháng: ${sum}${formatVnd(result.total)} (${formatVnd(result.totalMonthly)}/tháng).`,
  );
  if (result.members > 1 && first) {
    lines.push(
      'Mức giảm từ người thứ hai trở đi áp dụng khi các thành viên cùng tham gia trong năm tài chính.',
    );
  }
  lines.push(
    // The research confirms the fully state-paid groups for the 2024 law only (from 2025-07-01).
    result.basis.asOf >= '2025-07-01'
      ? 'Trẻ em dưới 6 tuổi và người thuộc hộ nghèo được Nhà nước đóng BHYT; hộ cận nghèo, học sinh, sinh viên được hỗ trợ theo nhóm riêng.'
      : 'Hộ cận nghèo, học sinh, sinh viên được Nhà nước hỗ trợ tiền đóng BHYT theo nhóm riêng.',
    ...footer(result.basis),
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
    return `nữ: 45% cho 15 năm đóng, thêm 2% cho mỗi năm tiếp theo, tối đa ${result.maxRate}%`;
  if (result.law === '41/2024/QH15') {
    return (
      'nam đóng từ 15 đến dưới 20 năm: 40% cho 15 năm, thêm 1% cho mỗi năm; ' +
      `nam đóng từ đủ 20 năm: 45% cho 20 năm, thêm 2% cho mỗi năm tiếp theo, tối đa ${result.maxRate}%`
    );
  }
  return `nam: 45% cho 20 năm đóng, thêm 2% cho mỗi năm tiếp theo, tối đa ${result.maxRate}%`;
}

function notEligibleOptions(result: Extract<PensionResult, { kind: 'not-eligible' }>): string[] {
  if (result.law === '41/2024/QH15') {
    return [
      'Bạn có thể:',
      '• Tiếp tục đóng cho đủ số năm; khi sắp đến tuổi nghỉ hưu (sớm nhất là tháng liền trước tháng đủ tuổi) có thể đóng một lần cho thời gian còn thiếu, số tiền cao hơn tổng các tháng đóng.',
      '• Nếu đã đủ tuổi nghỉ hưu mà chưa đủ năm đóng và chưa đủ tuổi hưởng trợ cấp hưu trí xã hội: nhận trợ cấp hằng tháng từ chính số tiền đã đóng (Điều 23 Luật BHXH 2024), trong thời gian đó được Nhà nước đóng BHYT.',
      '• Hoặc hưởng BHXH một lần nếu thuộc trường hợp luật cho phép, như: đủ tuổi nghỉ hưu mà chưa đủ 15 năm đóng, ra nước ngoài định cư, mắc bệnh hiểm nghèo theo danh mục. Trường hợp nghỉ 12 tháng không đóng mà chưa đủ 20 năm chỉ áp dụng cho người tham gia trước ngày 01/07/2025.',
      'Bạn nên hỏi cơ quan BHXH nơi cư trú trước khi quyết định.',
    ];
  }
  return [
    'Bạn có thể:',
    '• Tiếp tục đóng cho đủ số năm; người đã đủ tuổi nghỉ hưu mà còn thiếu không quá 10 năm được đóng một lần cho số năm còn thiếu.',
    '• Hoặc hưởng BHXH một lần khi: đủ tuổi nghỉ hưu mà chưa đủ 20 năm đóng; sau 12 tháng không tiếp tục đóng mà chưa đủ 20 năm; ra nước ngoài định cư; mắc bệnh nguy hiểm đến tính mạng theo danh mục.',
    'Bạn nên hỏi cơ quan BHXH nơi cư trú trước khi quyết định.',
  ];
}

export function pensionReply(result: Exclude<PensionResult, NotCovered>, extraMonths = 0): Reply {
  const who = `${SEX_LABELS[result.sex]} đóng BHXH ${result.years} năm`;
  const monthsNote =
    extraMonths > 0
      ? `Tôi tính theo ${result.years} năm tròn; số tháng lẻ được cơ quan BHXH tính theo quy định.`
      : '';
  const lines: string[] = [];
  if (result.kind === 'eligible') {
    lines.push(
      `${who}: tỷ lệ hưởng lương hưu là ${formatPercent(result.rate)}.`,
      `Cách tính (${pensionRuleText(result)}).`,
      result.capped ? `Đây là mức tối đa ${formatPercent(result.maxRate)}.` : '',
      'Lương hưu hằng tháng = tỷ lệ hưởng × bình quân thu nhập tháng đã đóng BHXH (được điều chỉnh theo quy định). Bạn cần đủ tuổi nghỉ hưu theo lộ trình.',
      monthsNote,
    );
  } else if (result.kind === 'not-eligible') {
    lines.push(
      `${who}: chưa đủ điều kiện hưởng lương hưu. Cần tối thiểu ${result.minYears} năm đóng BHXH (còn thiếu ${result.missingYears} năm).`,
      result.rateAtMinimum !== undefined
        ? `Khi đủ ${result.minYears} năm, tỷ lệ hưởng là ${formatPercent(result.rateAtMinimum)} (${pensionRuleText(result)}).`
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
  lines.push(...footer(result.basis));
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
