import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFigures, ungroundedFigures } from '../../../../functions/core/llm/figures.js';

const keys = (text: string) => extractFigures(text).map((figure) => `${figure.kind}:${figure.value}`);

describe('figures: one canonical form for every Vietnamese way of writing a number', () => {
  it.each([
    ['1.500.000 đồng', 'money:1500000'],
    ['1,5 triệu', 'money:1500000'],
    ['1tr5', 'money:1500000'],
    ['1.500.000đ', 'money:1500000'],
    ['hai triệu đồng', 'money:2000000'],
    ['22%', 'percent:22'],
    ['22 %', 'percent:22'],
    ['4,5 phần trăm', 'percent:4.5'],
    ['01/7/2025', 'date:2025-07-01'],
    ['ngày 1 tháng 7 năm 2025', 'date:2025-07-01'],
    ['tháng 7/2025', 'month:2025-07'],
    ['năm 2019', 'year:2019'],
  ])('%s → %s', (written, expected) => {
    expect(keys(written)).toEqual([expected]);
  });

  it('skips citation markers and list numbering', () => {
    expect(keys('1. Đóng tại UBND xã [P1]\n2. Hoặc qua VssID [P2]')).toEqual([]);
  });

  it('reads any amount of đồng the same in three styles (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 9 }), (millions, tenth) => {
        const value = millions * 1_000_000 + tenth * 100_000;
        const grouped = `${value.toLocaleString('de-DE')} đồng`;
        const words = tenth === 0 ? `${millions} triệu` : `${millions},${tenth} triệu`;
        const shorthand = tenth === 0 ? `${millions}tr` : `${millions}tr${tenth}`;
        for (const written of [grouped, words, shorthand]) expect(keys(written)).toEqual([`money:${value}`]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads percentages and dates in each style (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.date({ min: new Date('1995-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }),
        (percent, date) => {
          expect(keys(`${percent}%`)).toEqual([`percent:${percent}`]);
          expect(keys(`${percent} %`)).toEqual([`percent:${percent}`]);
          const [d, m, y] = [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()];
          const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(keys(`${d}/${m}/${y}`)).toEqual([`date:${iso}`]);
          expect(keys(`ngày ${d} tháng ${m} năm ${y}`)).toEqual([`date:${iso}`]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds what the sources do not say, whatever form the sources use', () => {
    const sources = [
      'Tỷ lệ đóng bằng 22 % mức thu nhập; thấp nhất 1.500.000 đồng, áp dụng từ ngày 1 tháng 7 năm 2025.',
    ];
    expect(ungroundedFigures('Đóng 22% trên tối thiểu 1,5 triệu từ 01/7/2025 [P1].', sources)).toEqual([]);
    expect(ungroundedFigures('Đóng 10% trên tối thiểu 1tr5 [P1].', sources).map((f) => f.written)).toEqual([
      '10%',
    ]);
    expect(ungroundedFigures('Mỗi năm đóng 3.960.000 đồng [P1].', sources).map((f) => f.kind)).toEqual([
      'money',
    ]);
  });
});
