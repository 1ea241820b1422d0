/**
 * Short replies: every calculator and card reply gives its answer in the first two lines and
 * stays within REPLY_MAX_CHARS, over a representative walk of inputs for each reply function
 * (all four calculators with out-of-range and not-yet-eligible cases, every card state), on
 * dates under the old law, the 2024 law and the unconfirmed 2027 floor.
 */
import { describe, expect, it } from 'vitest';
import type { CardRecord } from '../../../functions/core/cards/card.js';
import { cardStatusReply } from '../../../functions/core/cards/replies.js';
import { calculateHouseholdHealthInsurance } from '../../../functions/core/policy/hi-household.js';
import { formatNumber, formatPercent, formatVnd } from '../../../functions/core/policy/money.js';
import { calculatePensionRate } from '../../../functions/core/policy/pension.js';
import {
  fitLines,
  GIVE_WAY,
  hiHouseholdReply,
  pensionReply,
  REPLY_MAX_CHARS,
  vsiContributionReply,
  vsiOutOfRangeReply,
  vsiRulesReply,
  vsiSeveralReply,
  vsiSupportReply,
} from '../../../functions/core/policy/replies.js';
import { SUPPORT_GROUPS } from '../../../functions/core/policy/schedules.js';
import {
  calculateVoluntaryContribution,
  VSI_PERIODS,
  vsiLimits,
} from '../../../functions/core/policy/vsi.js';
import { formatVietnameseDate } from '../../../functions/core/text/dates.js';
import { sampleCard } from '../../support/cards.js';

/** Old law, 2024 law, the 2026 reference level, and the 2027 floor that is not yet confirmed (U). */
const DATES = ['2020-05-01', '2025-03-01', '2025-08-01', '2026-11-22', '2027-02-01'];

const head = (text: string) => text.split('\n').slice(0, 2).join('\n');

/** The legal basis and the as-of date close every calculator reply. */
function expectFooter(text: string, asOf: string) {
  expect(text).toMatch(/\nCăn cứ: .+\.\n/);
  expect(text).toContain(`(tính đến ${formatVietnameseDate(asOf)}).`);
  expect(text.split('\n').at(-1)).toMatch(/^Áp dụng từ \d\d\/\d\d\/\d{4} \(tính đến /);
}

function expectUnconfirmedNotes(text: string, notes: readonly string[]) {
  for (const note of notes) expect(text).toContain(`Lưu ý: ${note}`);
}

describe('fitLines', () => {
  it('gives way lowest rank first, uses short forms, and never drops plain lines', () => {
    const lines = [
      'a'.repeat(10),
      { text: 'b'.repeat(10), rank: 2 },
      { text: 'c'.repeat(10), short: 'c', rank: 1 },
    ];
    expect(fitLines(lines, 100)).toBe(`${'a'.repeat(10)}\n${'b'.repeat(10)}\n${'c'.repeat(10)}`);
    expect(fitLines(lines, 30)).toBe(`${'a'.repeat(10)}\n${'b'.repeat(10)}\nc`);
    expect(fitLines(lines, 15)).toBe(`${'a'.repeat(10)}\nc`);
    expect(fitLines(lines, 5)).toBe(`${'a'.repeat(10)}\nc`);
    const nested = [{ text: 'x'.repeat(20), short: { text: 'x'.repeat(10), short: 'x', rank: 3 }, rank: 1 }];
    expect(fitLines(nested, 12)).toBe('x'.repeat(10));
    expect(fitLines(nested, 5)).toBe('x');
  });
});

describe('BHXH tự nguyện contribution replies', () => {
  const incomes = [700_000, 1_500_000, 2_200_000, 3_000_000, 46_800_000, 50_600_000];
  const cases = DATES.flatMap((asOf) =>
    incomes.flatMap((income) =>
      [undefined, ...SUPPORT_GROUPS].flatMap((group) =>
        VSI_PERIODS.map((months) => ({ asOf, income, group, months })),
      ),
    ),
  );

  it(`${cases.length} inputs: answer first, formula second, within ${REPLY_MAX_CHARS} characters`, () => {
    let computed = 0;
    for (const input of cases) {
      const result = calculateVoluntaryContribution(input);
      if (result.kind !== 'ok') continue;
      computed++;
      const { text } = vsiContributionReply(result);
      const label = JSON.stringify(input);
      const [first = '', second = ''] = text.split('\n');
      expect(first, label).toMatch(/^Bạn đóng /);
      expect(first, label).toContain(
        formatVnd(result.months > 1 ? result.perPeriod.net : result.net) +
          (result.months > 1 ? '' : '/tháng'),
      );
      expect(second, label).toContain(
        `${formatNumber(result.gross)} − ${formatNumber(result.support)} = ${formatVnd(result.net)}/tháng`,
      );
      if (result.months > 1) {
        expect(second, label).toContain(
          `${formatNumber(result.net)} × ${result.months} = ${formatVnd(result.perPeriod.net)}`,
        );
      }
      if (result.groupAssumed) expect(first, label).toContain('tính theo nhóm đối tượng khác');
      if (result.paysYearsAhead) expect(text, label).toContain('giảm trừ theo quy định của BHXH Việt Nam');
      expectUnconfirmedNotes(text, result.basis.unconfirmed);
      expectFooter(text, input.asOf);
      expect(text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
    }
    expect(computed).toBeGreaterThan(400);
  });

  it('keeps a notice about the question within the budget, after the answer and the formula', () => {
    const notice =
      'Phương thức đóng 5 tháng không có trong quy định; tôi tính theo tháng. Bạn có thể đóng hằng tháng, ' +
      '3 tháng, 6 tháng, 12 tháng một lần hoặc đóng trước nhiều năm.';
    // Not under the 2027 floor: its verbatim unconfirmed note leaves no room for a notice this long.
    for (const asOf of DATES.filter((date) => date < '2027')) {
      const result = calculateVoluntaryContribution({ income: 3_000_000, asOf });
      if (result.kind !== 'ok') throw new Error('expected a contribution');
      const lines = vsiContributionReply(result, notice).text.split('\n');
      expect(lines[0]).toContain(`Bạn đóng ${formatVnd(result.net)}/tháng`);
      expect(lines[2]).toBe(notice);
      expect(lines.join('\n').length).toBeLessThanOrEqual(REPLY_MAX_CHARS);
    }
  });

  it.each(DATES)('out of range on %s: says why and gives the limits in two lines', (asOf) => {
    for (const income of [100_000, 200_000_000]) {
      const result = calculateVoluntaryContribution({ income, asOf });
      if (result.kind !== 'out-of-range') throw new Error(`expected out of range, got ${result.kind}`);
      const { text } = vsiOutOfRangeReply(result);
      expect(head(text)).toContain(`Thu nhập ${formatVnd(income)}/tháng`);
      expect(head(text)).toContain(
        result.reason === 'below-minimum' ? 'thấp hơn mức tối thiểu' : 'cao hơn mức tối đa',
      );
      expect(head(text)).toContain(`từ ${formatVnd(result.limits.minIncome)}`);
      expect(head(text)).toContain(`đến ${formatVnd(result.limits.maxIncome)}`);
      expectUnconfirmedNotes(text, result.basis.unconfirmed);
      expectFooter(text, asOf);
      expect(text.length).toBeLessThanOrEqual(REPLY_MAX_CHARS);
      // With the amount at the nearest allowed income, for the longest period too.
      for (const months of [1, 60]) {
        const limit = result.reason === 'below-minimum' ? result.limits.minIncome : result.limits.maxIncome;
        const atLimit = calculateVoluntaryContribution({ income: limit, months, asOf });
        if (atLimit.kind !== 'ok') throw new Error('expected a contribution at the limit');
        const withLimit = vsiOutOfRangeReply(result, atLimit).text;
        expect(withLimit).toContain(`bạn đóng ${formatVnd(atLimit.net)}/tháng`);
        expectFooter(withLimit, asOf);
        expect(withLimit.length, `${asOf} ${income} ${months}`).toBeLessThanOrEqual(REPLY_MAX_CHARS);
      }
    }
  });

  it.each(DATES)('several people on %s: the total first, each person after', (asOf) => {
    const at = (income: number, months: number) => {
      const result = calculateVoluntaryContribution({ income, months, asOf });
      if (result.kind !== 'ok') throw new Error('expected a contribution');
      return result;
    };
    const limits = vsiLimits(asOf);
    if (limits.kind !== 'limits') throw new Error('expected limits');
    for (const months of VSI_PERIODS) {
      const top = at(limits.maxIncome, months);
      const cases = [
        [top, top],
        [top, top, top, top, top, top],
        [at(3_000_000, months), at(2_500_000, months), top],
      ];
      for (const perPerson of cases) {
        const text = vsiSeveralReply(perPerson).text;
        const monthly = perPerson.reduce((sum, one) => sum + one.net, 0);
        const label = `${asOf} ${perPerson.length}×${months}`;
        expect(head(text), label).toContain(formatVnd(months > 1 ? monthly * months : monthly));
        expectUnconfirmedNotes(text, top.basis.unconfirmed);
        expectFooter(text, asOf);
        expect(text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
      }
    }
  });

  it.each(DATES)('state support and contribution rules on %s', (asOf) => {
    const limits = vsiLimits(asOf);
    if (limits.kind !== 'limits') throw new Error('expected limits');
    for (const group of [undefined, ...SUPPORT_GROUPS]) {
      const { text } = vsiSupportReply(limits, group);
      for (const shown of group ? [group] : SUPPORT_GROUPS) {
        expect(head(text), `${asOf} ${shown}`).toContain(
          `${formatPercent(limits.supportPercentByGroup[shown])} = ${formatVnd(
            Math.round((limits.supportBase * limits.supportPercentByGroup[shown]) / 100),
          )}`,
        );
      }
      expectUnconfirmedNotes(text, limits.basis.unconfirmed);
      expectFooter(text, asOf);
      expect(text.length, `${asOf} ${group}`).toBeLessThanOrEqual(REPLY_MAX_CHARS);
    }
    const rules = vsiRulesReply(limits).text;
    expect(head(rules)).toContain(`bằng ${formatPercent(limits.ratePercent)} mức thu nhập bạn chọn`);
    expect(head(rules)).toContain(`đến ${formatVnd(limits.maxIncome)}`);
    expectUnconfirmedNotes(rules, limits.basis.unconfirmed);
    expectFooter(rules, asOf);
    expect(rules.length).toBeLessThanOrEqual(REPLY_MAX_CHARS);
  });
});

describe('BHYT hộ gia đình replies', () => {
  it.each(DATES)('households of 1 to 30 on %s: total first, first member second', (asOf) => {
    for (const members of [1, 2, 3, 4, 5, 6, 9, 30]) {
      for (const months of [1, 3, 6, 12]) {
        const result = calculateHouseholdHealthInsurance({ members, months, asOf });
        if (result.kind !== 'ok') throw new Error('expected a contribution');
        const { text } = hiHouseholdReply(result);
        const label = `${asOf} ${members}×${months}`;
        const notice = {
          text: `Trẻ em dưới 6 tuổi được Nhà nước cấp thẻ BHYT, không đóng theo hộ: tôi tính cho ${members} trong ${members + 2} người.`,
          short: 'Không tính 2 trẻ dưới 6 tuổi (thẻ miễn phí).',
          rank: GIVE_WAY.terse,
        };
        expect(hiHouseholdReply(result, notice).text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
        const [first = '', second = ''] = text.split('\n');
        expect(first, label).toBe(
          `BHYT hộ gia đình ${members} người, ${months} tháng: ${formatVnd(result.total)}` +
            (months > 1 ? ` (${formatVnd(result.totalMonthly)}/tháng).` : '.'),
        );
        expect(second, label).toContain(`${formatVnd(result.perMember[0]?.monthly ?? 0)}/tháng`);
        expect(text, label).toContain(`= ${formatVnd(result.total)}`);
        expectUnconfirmedNotes(text, result.basis.unconfirmed);
        expectFooter(text, asOf);
        expect(text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
      }
    }
  });
});

describe('pension rate replies', () => {
  it.each(DATES)('eligible, not yet eligible and unconfirmed rules on %s', (asOf) => {
    const kinds = new Set<string>();
    for (const sex of ['male', 'female'] as const) {
      for (const years of [0, 5, 12, 15, 16, 18, 20, 25, 35, 40, 60]) {
        for (const extraMonths of [0, 7]) {
          const result = calculatePensionRate({ sex, years, asOf });
          if (result.kind === 'not-covered') throw new Error('expected a rule');
          kinds.add(result.kind);
          const { text } = pensionReply(result, extraMonths);
          const label = `${asOf} ${sex} ${years}+${extraMonths}`;
          const first = text.split('\n')[0] ?? '';
          expect(first, label).toMatch(/^(Nam|Nữ) đóng BHXH \d+ năm/);
          if (result.kind === 'eligible') {
            expect(first, label).toContain(`tỷ lệ hưởng lương hưu là ${formatPercent(result.rate)}`);
          } else if (result.kind === 'not-eligible') {
            expect(first, label).toContain('chưa đủ điều kiện hưởng lương hưu');
            expect(first, label).toContain(`còn thiếu ${result.missingYears} năm`);
            expect(text, label).toContain('BHXH một lần');
            if (result.rateAtMinimum !== undefined) {
              expect(head(text), label).toContain(`tỷ lệ hưởng là ${formatPercent(result.rateAtMinimum)}`);
            }
          } else {
            expect(first, label).toContain(result.note);
            expect(text, label).not.toContain('tỷ lệ hưởng lương hưu là');
          }
          expectFooter(text, asOf);
          expect(text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
        }
      }
    }
    expect(kinds.has('not-eligible')).toBe(true);
  });
});

describe('card status replies', () => {
  const LONG_FACILITY = 'Bệnh viện Đa khoa khu vực Nam Bình Thuận - Trung tâm Y tế huyện Hàm Tân';
  const day = (asOf: string, offset: number) => {
    const date = new Date(`${asOf}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + offset);
    return date.toISOString().slice(0, 10);
  };
  /** Validity window and paid-through month relative to the day of the check. */
  const states: [string, (asOf: string) => Partial<CardRecord>][] = [
    ['card.valid', (asOf) => ({ validFrom: day(asOf, -100), validTo: day(asOf, 200) })],
    ['card.expiring', (asOf) => ({ validFrom: day(asOf, -345), validTo: day(asOf, 20) })],
    ['card.expiring', (asOf) => ({ validFrom: day(asOf, -365), validTo: asOf })],
    ['card.expired', (asOf) => ({ validFrom: day(asOf, -395), validTo: day(asOf, -31) })],
    ['card.not_yet_valid', (asOf) => ({ validFrom: day(asOf, 8), validTo: day(asOf, 372) })],
  ];
  const variants: [string, Partial<CardRecord>][] = [
    ...[1, 2, 3, 4, 5, 9].map((benefitLevel): [string, Partial<CardRecord>] => [
      `level ${benefitLevel}`,
      { benefitLevel },
    ]),
    ['long facility name, level 1', { benefitLevel: 1, facilityName: LONG_FACILITY }],
    ['long facility name, level 4', { facilityName: LONG_FACILITY }],
  ];
  const firstLine: Record<string, RegExp> = {
    'card.valid': /^✅ Thẻ BHYT số \*{11}0001 còn hạn sử dụng, đến hết ngày /,
    'card.expiring': /^⚠️ Thẻ BHYT số \*{11}0001 sắp hết hạn: /,
    'card.expired': /^❌ Thẻ BHYT số \*{11}0001 đã hết hạn sử dụng \(hạn cuối là ngày /,
    'card.not_yet_valid': /^⏳ Thẻ BHYT số \*{11}0001 chưa đến ngày có giá trị sử dụng: từ ngày /,
  };

  it.each(['2025-03-01', '2026-11-23'])('every state and benefit level on %s', (asOf) => {
    for (const [intent, window] of states) {
      for (const [variant, overrides] of variants) {
        const card = sampleCard('9900000001', { ...window(asOf), ...overrides });
        const reply = cardStatusReply(card, asOf);
        const label = `${asOf} ${intent} ${variant}`;
        const [first = '', second = ''] = reply.text.split('\n');
        expect(reply.intent, label).toBe(intent);
        expect(first, label).toMatch(firstLine[intent] ?? /^$/);
        expect(first, label).toContain(formatVietnameseDate(card.validTo));
        expect(second, label).toMatch(new RegExp(`ã quyền lợi trên thẻ: mức ${card.benefitLevel}\\b`));
        expect(reply.text, label).toContain(`(mã ${card.facilityCode}). Đã đóng BHYT đến hết tháng `);
        if (intent === 'card.expiring' || intent === 'card.expired') {
          expect(reply.text, label).toContain('đóng tiếp BHYT hộ gia đình');
        }
        expect(reply.text, label).toContain(`Kiểm tra ngày ${formatVietnameseDate(asOf)}`);
        expect(reply.text.length, label).toBeLessThanOrEqual(REPLY_MAX_CHARS);
      }
    }
  });
});
