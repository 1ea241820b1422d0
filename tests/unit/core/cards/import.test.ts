import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryCardStore } from '../../../../functions/adapters/memory/card-store.js';
import { readCsvRows, shiftDemoCard } from '../../../../functions/app/cards-import.js';
import {
  CardImportFormatError,
  formatRejectionReport,
  importCards,
} from '../../../../functions/core/cards/import.js';

const FIXTURE = new URL('../../../fixtures/cards/mixed.csv', import.meta.url);
const HEADER =
  'bhxh_code,full_name,date_of_birth,card_number,valid_from,valid_to,benefit_level,facility_code,facility_name,paid_through';

function fixedClock(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
}

describe('importCards', () => {
  it('writes the good rows and reports every bad row with its line and reason', async () => {
    const store = new MemoryCardStore();
    const summary = await importCards(readCsvRows(readFileSync(FIXTURE, 'utf8')), {
      store,
      clock: fixedClock('2026-11-23T03:00:00Z'),
    });

    expect(summary).toMatchObject({ read: 16, written: 3, unchanged: 0, rejected: 13 });
    expect(summary.read).toBe(summary.written + summary.unchanged + summary.rejected);
    expect(formatRejectionReport(summary.rejections)).toBe(
      [
        'line,field,reason',
        '5,bhxh_code,mã số BHXH phải gồm đúng 10 chữ số',
        '6,full_name,thiếu họ tên',
        '7,date_of_birth,"ngày sinh không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy, ngày phải có thật)"',
        '9,card_number,"số thẻ phải gồm 2 chữ cái, 1 chữ số mức hưởng (1–5), 2 chữ số tỉnh và 10 chữ số"',
        '10,card_number,10 chữ số cuối của số thẻ khác mã số BHXH',
        '11,card_number,chữ số mức hưởng trong số thẻ khác cột benefit_level',
        '12,valid_to,ngày hết hạn trước ngày bắt đầu hiệu lực',
        '13,benefit_level,mức hưởng phải là một số từ 1 đến 5',
        '14,paid_through,tháng đóng đến không hợp lệ (YYYY-MM hoặc mm/yyyy)',
        '15,row,"dòng có 9 cột, tiêu đề có 10 cột"',
        '16,bhxh_code,mã số BHXH trùng với dòng 3',
        '17,date_of_birth,ngày sinh ở tương lai',
        '18,date_of_birth facility_code,"ngày sinh không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy, ngày phải có thật); mã nơi đăng ký KCB ban đầu thiếu hoặc sai định dạng"',
        '',
      ].join('\n'),
    );
    // Both date and month formats, spaces and lower case in the card number are normalised.
    expect(await store.get('9900000102')).toEqual({
      bhxhCode: '9900000102',
      fullName: 'Trần Thị Thử',
      dateOfBirth: '1990-07-20',
      cardNumber: 'GD4999900000102',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      benefitLevel: 4,
      facilityCode: '99001',
      facilityName: 'Trạm Y tế Mẫu',
      paidThrough: '2026-12',
      updatedAt: '2026-11-23T03:00:00.000Z',
    });
    expect((await store.get('9900000115'))?.dateOfBirth).toBe('2000-02-29');
    expect(store.size).toBe(3);
  });

  it('changes nothing when the same file is imported again', async () => {
    const store = new MemoryCardStore();
    const clock = fixedClock('2026-11-23T03:00:00Z');
    const text = readFileSync(FIXTURE, 'utf8');
    await importCards(readCsvRows(text), { store, clock });
    const before = await store.getMany(['9900000101', '9900000102', '9900000115']);
    const writesBefore = store.writeCalls;

    clock.set('2026-11-24T03:00:00Z');
    const again = await importCards(readCsvRows(text), { store, clock });

    expect(again).toMatchObject({ read: 16, written: 0, unchanged: 3, rejected: 13 });
    expect(store.writeCalls).toBe(writesBefore);
    expect(await store.getMany(['9900000101', '9900000102', '9900000115'])).toEqual(before);
  });

  it('updates updatedAt only for a row whose content changed', async () => {
    const store = new MemoryCardStore();
    const clock = fixedClock('2026-11-23T03:00:00Z');
    const row = (code: string, validTo: string) =>
      `${code},Nguyễn Văn Mẫu,12/03/1985,GD499${code},2026-01-01,${validTo},4,99001,Trạm Y tế Mẫu,2026-12`;
    await importCards(
      readCsvRows([HEADER, row('9900000201', '2026-12-31'), row('9900000202', '2026-12-31')].join('\n')),
      {
        store,
        clock,
      },
    );

    clock.set('2026-12-01T08:00:00Z');
    const summary = await importCards(
      readCsvRows([HEADER, row('9900000201', '2027-12-31'), row('9900000202', '2026-12-31')].join('\n')),
      { store, clock },
    );

    expect(summary).toMatchObject({ read: 2, written: 1, unchanged: 1, rejected: 0 });
    expect(await store.get('9900000201')).toMatchObject({
      validTo: '2027-12-31',
      updatedAt: '2026-12-01T08:00:00.000Z',
    });
    expect((await store.get('9900000202'))?.updatedAt).toBe('2026-11-23T03:00:00.000Z');
  });

  it('accepts the columns in any order and refuses a header with missing or unknown columns', async () => {
    const store = new MemoryCardStore();
    const clock = fixedClock('2026-11-23T03:00:00Z');
    const reordered =
      'full_name,bhxh_code,date_of_birth,card_number,valid_from,valid_to,benefit_level,facility_code,facility_name,paid_through\n' +
      'Nguyễn Văn Mẫu,9900000301,1985-03-12,GD4999900000301,2026-01-01,2026-12-31,4,99001,Trạm Y tế Mẫu,2026-12\n';
    expect(await importCards(readCsvRows(reordered), { store, clock })).toMatchObject({
      written: 1,
      rejected: 0,
    });

    const missing = HEADER.replace(',paid_through', ',paid_thru');
    await expect(importCards(readCsvRows(`${missing}\n`), { store, clock })).rejects.toThrow(
      /missing column\(s\) paid_through; unknown column\(s\) paid_thru/,
    );
    await expect(importCards(readCsvRows('# only a comment\n'), { store, clock })).rejects.toBeInstanceOf(
      CardImportFormatError,
    );
  });

  it('reports an unreadable CSV as a format error without quoting its content', async () => {
    const store = new MemoryCardStore();
    const text = `${HEADER}\n9900000401,"Nguyễn Văn Mẫu,12/03/1985\n`;
    const failure = importCards(readCsvRows(text), { store, clock: fixedClock('2026-11-23T03:00:00Z') });
    await expect(failure).rejects.toBeInstanceOf(CardImportFormatError);
    await expect(failure).rejects.not.toThrow(/Nguyễn|9900000401/);
  });
});

describe('shiftDemoCard', () => {
  it('keeps the distance between today and the validity dates of the anchor day', () => {
    const card = {
      bhxhCode: '9900000002',
      fullName: 'Trần Thị Thử',
      dateOfBirth: '1990-07-20',
      cardNumber: 'GD4999900000002',
      validFrom: '2025-02-05',
      validTo: '2026-02-04',
      benefitLevel: 4,
      facilityCode: '99001',
      facilityName: 'Trạm Y tế Mẫu',
      paidThrough: '2026-01',
    };
    const shifted = shiftDemoCard(card, '2026-11-23', '2026-01-15');
    expect(shifted).toMatchObject({
      validFrom: '2025-12-14',
      validTo: '2026-12-13',
      paidThrough: '2026-11',
      dateOfBirth: '1990-07-20',
    });
    expect(shiftDemoCard(card, '2026-01-15', '2026-01-15')).toEqual(card);
  });
});
