import { describe, expect, it } from 'vitest';
import { parseAmounts, parseBareAmount } from '../../../../functions/core/policy/parse/amount.js';
import { parseSupportGroups } from '../../../../functions/core/policy/parse/group.js';
import {
  countInsuredMembers,
  countYoungChildren,
  parseBareCount,
  parseHouseholdSize,
} from '../../../../functions/core/policy/parse/household.js';
import {
  chosenIncome,
  parsePayerCount,
  perPersonIncomes,
} from '../../../../functions/core/policy/parse/payers.js';
import {
  parseBareYears,
  parseContributionYears,
  parseSex,
} from '../../../../functions/core/policy/parse/pension.js';
import { parsePeriodMonths } from '../../../../functions/core/policy/parse/period.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';
import { readText } from '../../../../functions/core/text/reading.js';
import { stripDiacritics } from '../../../support/text.js';

/** Both spellings of every example, so each case is tested with and without diacritics. */
function bothSpellings<T extends readonly unknown[]>(cases: readonly (readonly [string, ...T])[]) {
  return cases.flatMap(([text, ...rest]) => {
    const plain = stripDiacritics(text);
    return plain === text
      ? [[text, ...rest] as const]
      : [[text, ...rest] as const, [plain, ...rest] as const];
  });
}

const amountValues = (text: string) => parseAmounts(foldVietnamese(text)).map((match) => match.value);

describe('amounts', () => {
  it.each(
    bothSpellings([
      ['2 triệu', 2_000_000],
      ['2tr', 2_000_000],
      ['2 TR', 2_000_000],
      ['1tr5', 1_500_000],
      ['1tr25', 1_250_000],
      ['1,5tr', 1_500_000],
      ['1.5 triệu', 1_500_000],
      ['1.500.000đ', 1_500_000],
      ['1.500.000 đồng', 1_500_000],
      ['1,500,000 VND', 1_500_000],
      ['1500000', 1_500_000],
      ['1500000đ', 1_500_000],
      ['1500k', 1_500_000],
      ['1.500k', 1_500_000],
      ['2,000 nghìn', 2_000_000],
      ['500 nghìn', 500_000],
      ['500 ngàn', 500_000],
      ['2 củ', 2_000_000],
      ['3 trieu', 3_000_000],
      ['2 triệu rưỡi', 2_500_000],
      ['1 triệu 200 nghìn', 1_200_000],
      ['1 triệu 50 nghìn', 1_050_000],
      ['hai triệu', 2_000_000],
      ['năm triệu', 5_000_000],
      ['1 tỷ', 1_000_000_000],
      ['thu nhập 3 triệu thì đóng bao nhiêu', 3_000_000],
      ['lương 4,5 triệu, đóng 6 tháng', 4_500_000],
    ]),
  )('"%s" → %i', (text, value) => {
    expect(amountValues(text)).toEqual([value]);
  });

  it.each(
    bothSpellings([
      ['đóng 18 năm'],
      ['nhà 4 người'],
      ['năm 2026 đóng 12 tháng'],
      ['từ ngày 01/07/2025'],
      ['tỷ lệ 22%'],
      ['ai được tham gia bhxh tự nguyện'],
    ]),
  )('"%s" has no amount', (text) => {
    expect(amountValues(text)).toEqual([]);
  });

  it('finds several amounts in reading order', () => {
    expect(amountValues('so sánh 2 triệu và 3tr5')).toEqual([2_000_000, 3_500_000]);
  });

  it.each([
    ['3', 3_000_000],
    ['3,5', 3_500_000],
    ['3000000', 3_000_000],
    ['3.000.000 đ', undefined],
    ['2026', undefined],
    ['xin chào', undefined],
  ])('bare reply "%s" → %s', (text, value) => {
    expect(parseBareAmount(foldVietnamese(text))).toBe(value);
  });
});

describe('household size', () => {
  it.each(
    bothSpellings([
      ['nhà 4 người', 4],
      ['4 thành viên', 4],
      ['gia đình 5 người', 5],
      ['hộ có năm khẩu', 5],
      ['bhyt hộ gia đình 3 nhân khẩu', 3],
      ['cả nhà bốn người', 4],
      ['nhà tôi có 10 người', 10],
      ['Tôi và chồng muốn mua BHYT hộ gia đình', 2],
      ['em với vợ mua bhyt theo hộ', 2],
      ['vợ chồng em với 2 đứa con lớn mua bhyt', 4],
      ['cho 2 vợ chồng và 1 bé 4 tuổi', 3],
      ['vợ chồng tôi và 2 đứa', 4],
    ]),
  )('"%s" → %i', (text, size) => {
    expect(parseHouseholdSize(foldVietnamese(text))).toBe(size);
  });

  it.each(bothSpellings([['bhyt hộ gia đình'], ['1 người dân tộc thiểu số'], ['đóng 3 tháng']]))(
    '"%s" → none',
    (text) => {
      expect(parseHouseholdSize(foldVietnamese(text))).toBeUndefined();
    },
  );

  it.each([
    ['4', 4],
    ['4 người', 4],
    ['bốn', 4],
    ['4 người đóng bao nhiêu tiền bảo hiểm', undefined],
  ])('bare reply "%s" → %s', (text, size) => {
    expect(parseBareCount(foldVietnamese(text))).toBe(size);
  });
});

describe('children under 6 (a card the State pays)', () => {
  it.each(
    bothSpellings([
      ['nhà em 4 người mà có bé út 3t', 1],
      ['nhà 5 người có 2 bé dưới 6 tuổi', 2],
      ['vợ chồng tôi và 2 con, bé lớn 8 tuổi, bé nhỏ 2 tuổi', 1],
      ['nhà tôi 4 người, con tôi mới sinh', 1],
      ['cháu 10 tháng tuổi', 1],
      ['em 33t, nhà 3 người', 0],
      ['2 đứa con lớn (1 đứa 19t 1 đứa 22t)', 0],
      ['nhà 5 người, cháu út dưới 6 tuổi có thẻ rồi, mua cho 3 người còn lại', 0],
    ]),
  )('"%s" → %i', (text, young) => {
    expect(countYoungChildren(readText(text))).toBe(young);
  });
});

describe('members who already have a card', () => {
  it.each(
    bothSpellings([
      ['bhyt hộ gia đình 4 người nhưng 1 người có thẻ học sinh rồi', 1],
      ['nhà em 5 người, bố em có thẻ hưu trí rồi', 1],
      ['nhà tôi có 4 người, vợ tôi đang có bhyt ở công ty', 1],
      ['nhà 4 người có bảo hiểm y tế hộ gia đình thì đóng bao nhiêu', 0],
      ['nhà 3 người, con có thẻ bhyt chưa', 0],
      ['nhà 4 người, 1 người có bảo hiểm ở công ty, mua cho 3 người còn lại', 0],
    ]),
  )('"%s" → %i', (text, insured) => {
    expect(countInsuredMembers(readText(text))).toBe(insured);
  });
});

describe('people paying BHXH tự nguyện together', () => {
  it.each(
    bothSpellings([
      ['Mình muốn cả hai vợ chồng đóng BHXH tự nguyện mức 2 triệu', 2 as number | undefined],
      ['đóng cho cả 2 vợ chồng mức 2 triệu', 2],
      ['vợ chồng tôi đều muốn đóng bhxh tự nguyện', 2],
      ['nhà tôi 3 người muốn đóng bhxh tự nguyện mức 2 triệu', 3],
      ['hai vợ chồng hết bao nhiêu 1 tháng', 2],
      ['đóng mức 2 triệu cho 2 người thì 1 năm hết bao nhiêu', 2],
      ['thế cả 2 vợ chồng thì sao', 2],
      ['bố mẹ em đều muốn đóng bhxh tự nguyện mức 2 triệu', 2],
      ['2 mẹ con em muốn đóng bhxh tự nguyện', 2],
      ['3 anh em cùng tham gia bhxh tự nguyện', 3],
      ['cả 2 vợ chồng đều không có bhxh', undefined],
      ['2 vợ chồng đều không có bhxh, em muốn đóng cho vợ mức 3 triệu', undefined],
      ['vợ chồng mình đều làm nông, mình muốn đóng 2 triệu', undefined],
      ['nhà tôi 5 người, tôi muốn đóng mức 2 triệu', undefined],
    ]),
  )('"%s" → %s', (text, people) => {
    expect(parsePayerCount(readText(text))).toBe(people);
  });

  it.each(
    bothSpellings([
      [
        'tôi mức 3 triệu, vợ tôi mức 2 triệu, con trai mức 1,5 triệu',
        [3_000_000, 2_000_000, 1_500_000] as number[] | undefined,
      ],
      ['tôi 3 triệu còn chồng tôi 5 triệu', [3_000_000, 5_000_000]],
      ['mức 2 triệu hay 3 triệu thì tôi đóng bao nhiêu', undefined],
      ['thu nhập từ 1,5 triệu đến 50 triệu', undefined],
      ['so sánh 2 triệu và 3tr5', undefined],
      // The one asking, twice, is one person: earnings, then the chosen income.
      ['lương 6 triệu. Nay tôi muốn đóng mức 3 triệu', undefined],
      ['thu nhập tầm 15tr mà em chỉ đóng mức 4tr', undefined],
      ['vợ tôi 2 triệu, tôi 3 triệu', [2_000_000, 3_000_000]],
    ]),
  )('"%s" → %j', (text, incomes) => {
    const reading = readText(text);
    expect(perPersonIncomes(reading.folded, parseAmounts(reading))).toEqual(incomes);
  });

  it.each(
    bothSpellings([
      ['thu nhập tầm 15tr mà em chỉ đóng mức 4tr thôi', 4_000_000 as number | undefined],
      ['lương 6 triệu, nay tôi muốn đóng tiếp với mức thu nhập 3 triệu', 3_000_000],
      ['thu nhập khoảng 9–10 triệu. Tôi chọn mức đóng theo thu nhập 8 triệu', 8_000_000],
      // No amount is plainly the earnings: nothing is chosen here.
      ['mức 2 triệu hay 3 triệu', undefined],
    ]),
  )('chosen income in "%s" → %j', (text, income) => {
    const reading = readText(text);
    expect(chosenIncome(reading.folded, parseAmounts(reading))?.value).toBe(income);
  });
});

describe('support groups', () => {
  it.each(
    bothSpellings([
      ['hộ nghèo', ['poor']],
      ['tôi thuộc hộ cận nghèo', ['nearPoor']],
      ['cận nghèo', ['nearPoor']],
      ['người dân tộc thiểu số', ['ethnicMinority']],
      ['dtts', ['ethnicMinority']],
      ['DTTS thu nhập 2 triệu', ['ethnicMinority']],
      ['hộ nghèo người dân tộc thiểu số', ['poor', 'ethnicMinority']],
      ['không thuộc hộ nghèo', ['other']],
      ['không ai thuộc hộ nghèo', ['other']],
      ['ở xã nghèo nhưng nhà không thuộc hộ nghèo, chỉ là hộ bình thường', ['other']],
      ['huyện nghèo, nhà tôi cận nghèo', ['nearPoor']],
      ['đối tượng khác', ['other']],
      ['dân tộc Kinh', []],
      ['thu nhập 2 triệu', []],
    ]),
  )('"%s" → %j', (text, groups) => {
    expect(parseSupportGroups(readText(text))).toEqual(groups);
  });
});

describe('payment periods', () => {
  it.each(
    bothSpellings([
      ['3 tháng', 3],
      ['đóng 6 tháng một lần', 6],
      ['1 năm', 12],
      ['đóng 12 tháng một lần', 12],
      ['hằng tháng', 1],
      ['hàng tháng', 1],
      ['mỗi tháng', 1],
      ['theo quý', 3],
      ['nửa năm', 6],
      ['hằng năm', 12],
      ['đóng 1 năm bao nhiêu', 12],
      ['2 năm một lần', 24],
      ['ba tháng', 3],
      ['đóng năm 1 lần', 12],
      ['đóng năm một lần thì bao nhiêu', 12],
      ['quý 1 lần', 3],
      ['đóng 2 năm 1 lần', 24],
      ['đóng 1 lần 5 năm mức 2 triệu', 60],
      ['một lần cho 3 năm', 36],
      ['đóng 2 quý 1 lần', 6],
    ]),
  )('"%s" → %i months', (text, months) => {
    expect(parsePeriodMonths(readText(text))).toBe(months);
  });

  it.each(bothSpellings([['năm 2026'], ['thu nhập 2 triệu'], ['60 tháng tuổi']]))('"%s" → none', (text) => {
    expect(parsePeriodMonths(readText(text))).toBeUndefined();
  });
});

describe('sex and years of contribution', () => {
  it.each(
    bothSpellings([
      ['nam, đóng 18 năm', 'male', 18],
      ['nữ 16 năm', 'female', 16],
      ['Tôi là nam, đã đóng 20 năm', 'male', 20],
      ['đàn ông đóng 25 năm', 'male', 25],
      ['phụ nữ tham gia 15 năm', 'female', 15],
      ['lao động nữ đóng 12 năm 6 tháng', 'female', 12],
      ['chồng em đóng được 3 chục năm', 'male', 30],
      ['nữ đóng hai chục năm', 'female', 20],
      ['nam, đóng bắt buộc 10 năm, giờ đóng tiếp tự nguyện 5 năm nữa', 'male', 15],
      ['bố em nam, đã đóng 12 năm, muốn đóng thêm 3 năm cho đủ 15 năm', 'male', 15],
    ]),
  )('"%s" → %s, %i years', (text, sex, years) => {
    expect(parseSex(text, foldVietnamese(text))).toBe(sex);
    expect(parseContributionYears(foldVietnamese(text))?.years).toBe(years);
  });

  it('keeps the extra months aside', () => {
    expect(parseContributionYears(foldVietnamese('nữ 12 năm 6 tháng'))).toEqual({
      years: 12,
      extraMonths: 6,
    });
  });

  it.each(
    bothSpellings([
      ['đóng 18 năm', undefined, 18 as number | undefined],
      ['Tôi năm nay 50 tuổi', undefined, undefined],
      ['ở Việt Nam đóng 20 năm', undefined, 20],
      ['năm 2026 mức đóng thế nào', undefined, undefined],
    ]),
  )('"%s" → sex %s, years %s', (text, sex, years) => {
    expect(parseSex(text, foldVietnamese(text))).toBe(sex);
    expect(parseContributionYears(foldVietnamese(text))?.years).toBe(years);
  });

  it.each([
    ['18', 18],
    ['18 năm', 18],
    ['nam', undefined],
    ['100', undefined],
  ])('bare years "%s" → %s', (text, years) => {
    expect(parseBareYears(foldVietnamese(text))?.years).toBe(years);
  });
});

/** Readings that messages written outside the team got wrong, each a figure a citizen would have seen. */
describe('readings behind wrong figures', () => {
  it.each(
    bothSpellings([
      ['Tôi không thuộc hộ nghèo hay hộ cận nghèo gì cả, muốn đóng 1,5 triệu', 'other'],
      ['không phải hộ nghèo hoặc hộ cận nghèo', 'other'],
      ['nhà em hộ cận nghèo', 'nearPoor'],
    ]),
  )('%s → %s', (text, group) => {
    expect(parseSupportGroups(readText(text))).toEqual([group]);
  });

  it.each(
    bothSpellings<[number | undefined]>([
      ['đóng 1 triệu rưỡi mỗi tháng, đóng cả năm hết bao nhiêu', 12],
      ['2 củ rưỡi/tháng, đóng quý, hộ nghèo', 3],
      ['đóng bhxh tn 1 năm cho mẹ, mức 2tr', 12],
      ['đóng 1 năm theo mức 1,5 triệu', 12],
      ['mức 2 triệu mỗi tháng', 1],
      ['đóng theo quy định thì bao nhiêu', undefined],
    ]),
  )('%s → %s months', (text, months) => {
    expect(parsePeriodMonths(readText(text))).toBe(months);
  });

  it.each(
    bothSpellings([
      ['Chồng tôi, tôi và hai đứa con đã đi làm', 4],
      ['ông xã em và em mua bhyt', 2],
      ['vợ chồng tôi và 2 đứa con', 4],
      ['mua cho chồng tôi thôi', 1],
    ]),
  )('%s → %s people', (text, members) => {
    expect(parseHouseholdSize(readText(text))).toBe(members);
  });

  it('takes the chosen income, not the earnings, after a contrast, and counts no second person', () => {
    const folded = readText('thu nhập khoảng 8 triệu nhưng chỉ muốn đóng theo mức 4 triệu').folded;
    expect(perPersonIncomes(folded, parseAmounts(folded))).toBeUndefined();
  });

  it.each(bothSpellings([['bố và mẹ em đều muốn đóng mức thấp nhất'], ['hai người hết bao nhiêu tiền']]))(
    '%s → two payers',
    (text) => {
      expect(parsePayerCount(readText(text))).toBe(2);
    },
  );
});
