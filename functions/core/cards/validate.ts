/**
 * Validation of one imported card row. Every problem is reported with the column it
 * concerns and a reason an operator can act on; the reason never repeats the row's values
 * (names, codes and dates of birth stay out of reports and logs).
 */
import {
  BHXH_CODE_PATTERN,
  CARD_NUMBER_PATTERN,
  type CardContent,
  daysBetween,
  parseFlexibleDate,
  parseFlexibleMonth,
} from './card.js';

/** The import file's header, in this order. */
export const CARD_IMPORT_COLUMNS = [
  'bhxh_code',
  'full_name',
  'date_of_birth',
  'card_number',
  'valid_from',
  'valid_to',
  'benefit_level',
  'facility_code',
  'facility_name',
  'paid_through',
] as const;
export type CardImportColumn = (typeof CARD_IMPORT_COLUMNS)[number];

export interface RowProblem {
  /** The column concerned, or `row` for the row as a whole. */
  readonly field: CardImportColumn | 'row';
  readonly reason: string;
}

export type RowValidation =
  | { readonly ok: true; readonly card: CardContent }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

const FACILITY_CODE_PATTERN = /^[A-Za-z0-9.-]{1,20}$/;
const MAX_TEXT_LENGTH = 200;
const OLDEST_BIRTH_YEAR = 1900;

/**
 * Validate one row (values already trimmed by the reader). `today` (YYYY-MM-DD) bounds the
 * date of birth: nobody is born in the future.
 */
export function validateCardRow(row: Readonly<Record<string, string>>, today: string): RowValidation {
  const problems: RowProblem[] = [];
  const problem = (field: RowProblem['field'], reason: string) => problems.push({ field, reason });
  const value = (column: CardImportColumn) => (row[column] ?? '').trim();

  const bhxhCode = value('bhxh_code');
  if (!BHXH_CODE_PATTERN.test(bhxhCode)) problem('bhxh_code', 'mã số BHXH phải gồm đúng 10 chữ số');

  const fullName = value('full_name').normalize('NFC').replace(/\s+/g, ' ');
  if (fullName === '') problem('full_name', 'thiếu họ tên');
  else if (fullName.length > MAX_TEXT_LENGTH) problem('full_name', 'họ tên quá dài');
  else if (/\d/.test(fullName)) problem('full_name', 'họ tên không được chứa chữ số');

  const dateOfBirth = requiredDate('date_of_birth', 'ngày sinh');
  if (dateOfBirth) {
    if (Number(dateOfBirth.slice(0, 4)) < OLDEST_BIRTH_YEAR) problem('date_of_birth', 'ngày sinh quá xa');
    else if (dateOfBirth > today) problem('date_of_birth', 'ngày sinh ở tương lai');
  }

  const benefitText = value('benefit_level');
  const benefitLevel = /^[1-5]$/.test(benefitText) ? Number(benefitText) : undefined;
  if (benefitLevel === undefined) problem('benefit_level', 'mức hưởng phải là một số từ 1 đến 5');

  const cardNumber = value('card_number').replace(/\s+/g, '').toUpperCase();
  const card = CARD_NUMBER_PATTERN.exec(cardNumber);
  if (!card) {
    problem('card_number', 'số thẻ phải gồm 2 chữ cái, 1 chữ số mức hưởng (1–5), 2 chữ số tỉnh và 10 chữ số');
  } else {
    if (BHXH_CODE_PATTERN.test(bhxhCode) && card[4] !== bhxhCode)
      problem('card_number', '10 chữ số cuối của số thẻ khác mã số BHXH');
    if (benefitLevel !== undefined && Number(card[2]) !== benefitLevel)
      problem('card_number', 'chữ số mức hưởng trong số thẻ khác cột benefit_level');
  }

  const validFrom = requiredDate('valid_from', 'ngày bắt đầu hiệu lực');
  const validTo = requiredDate('valid_to', 'ngày hết hạn');
  if (validFrom && validTo && daysBetween(validFrom, validTo) < 0)
    problem('valid_to', 'ngày hết hạn trước ngày bắt đầu hiệu lực');
  if (dateOfBirth && validFrom && daysBetween(dateOfBirth, validFrom) < 0)
    problem('valid_from', 'ngày bắt đầu hiệu lực trước ngày sinh');

  const facilityCode = value('facility_code');
  if (!FACILITY_CODE_PATTERN.test(facilityCode))
    problem('facility_code', 'mã nơi đăng ký KCB ban đầu thiếu hoặc sai định dạng');
  const facilityName = value('facility_name').normalize('NFC').replace(/\s+/g, ' ');
  if (facilityName === '') problem('facility_name', 'thiếu tên nơi đăng ký KCB ban đầu');
  else if (facilityName.length > MAX_TEXT_LENGTH) problem('facility_name', 'tên nơi đăng ký KCB quá dài');

  const paidText = value('paid_through');
  const paidThrough = parseFlexibleMonth(paidText);
  if (!paidThrough)
    problem(
      'paid_through',
      paidText === '' ? 'thiếu tháng đóng đến' : 'tháng đóng đến không hợp lệ (YYYY-MM hoặc mm/yyyy)',
    );

  if (problems.length > 0 || !dateOfBirth || !validFrom || !validTo || !paidThrough || !benefitLevel) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    card: {
      bhxhCode,
      fullName,
      dateOfBirth,
      cardNumber,
      validFrom,
      validTo,
      benefitLevel,
      facilityCode,
      facilityName,
      paidThrough,
    },
  };

  function requiredDate(column: CardImportColumn, label: string): string | undefined {
    const text = value(column);
    if (text === '') {
      problem(column, `thiếu ${label}`);
      return undefined;
    }
    const date = parseFlexibleDate(text);
    if (!date) problem(column, `${label} không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy, ngày phải có thật)`);
    return date;
  }
}
