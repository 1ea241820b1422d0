/**
 * A fixed probe of typed identifiers: the forms a privacy probe found surviving into the
 * conversation log (spaced and dotted CCCD, a phone in parentheses, dates in other orders, a
 * spaced code, a card number glued to text, a phone taken for a BHXH code, a CCCD read as an
 * income) and more of the same kinds. Each case is a short conversation in its own chat.
 * Used by the table test (tests/unit/app/identifier-leaks.test.ts) and `npm run bench:redaction`.
 */
import { type PlantedIdentifier, planted } from './identifiers.js';

export interface ProbeCase {
  readonly label: string;
  readonly messages: readonly string[];
  readonly identifiers: readonly PlantedIdentifier[];
}

const cccd = (typed: string) => planted.digits('cccd', typed);
const phone = (typed: string) => planted.digits('phone', typed);
const code = (typed: string) => planted.digits('bhxh', typed);
const card = (typed: string) => planted.digits('card', typed);

export const PROBE_CASES: readonly ProbeCase[] = [
  {
    label: 'CCCD in groups of 4',
    messages: ['Số CCCD của tôi là 0010 8501 2345'],
    identifiers: [cccd('001085012345')],
  },
  {
    label: 'CCCD with dots, in a calculator question',
    messages: ['cccd 001.085.012.347 thì đóng bhxh tự nguyện bao nhiêu'],
    identifiers: [cccd('001085012347')],
  },
  { label: 'CCCD alone', messages: ['001085012348'], identifiers: [cccd('001085012348')] },
  {
    label: 'CCCD glued to letters',
    messages: ['socccd079185001234nhé'],
    identifiers: [cccd('079185001234')],
  },
  {
    label: 'CCCD read as an income',
    messages: ['thu nhập 001.085.012.349 thì đóng bao nhiêu'],
    identifiers: [cccd('001085012349')],
  },
  {
    label: 'phone in parentheses',
    messages: ['gọi cho tôi số (091) 234-5679 nhé'],
    identifiers: [phone('0912345679')],
  },
  { label: 'phone alone', messages: ['0912345678'], identifiers: [phone('0912345678')] },
  {
    label: 'phone with +84',
    messages: ['Zalo của em +84 912 345 677'],
    identifiers: [phone('+84912345677')],
  },
  { label: 'phone 84…', messages: ['sdt 84912345676 ạ'], identifiers: [phone('84912345676')] },
  { label: 'phone with dots', messages: ['lh 0912.345.675'], identifiers: [phone('0912345675')] },
  { label: 'phone glued', messages: ['sdt0983456789'], identifiers: [phone('0983456789')] },
  {
    label: 'phone after a card request',
    messages: ['kiểm tra thẻ bhyt', '0912345674'],
    identifiers: [phone('0912345674')],
  },
  {
    label: 'phone in a household question',
    messages: ['nhà 4 người, sđt 0987 654 321, mua bhyt hết bao nhiêu'],
    identifiers: [phone('0987654321')],
  },
  {
    label: 'date y/m/d',
    messages: ['tra cứu thẻ mã 9900000001 sinh ngày 1962/05/17'],
    identifiers: [code('9900000001'), planted.date(1962, 5, 17)],
  },
  {
    label: 'date d m y with spaces',
    messages: ['kiểm tra thẻ 9900000002 18 6 1963'],
    identifiers: [code('9900000002'), planted.date(1963, 6, 18)],
  },
  {
    label: 'date in words',
    messages: ['mã số 9900000003, sinh ngày 19 tháng 7 năm 1964'],
    identifiers: [code('9900000003'), planted.date(1964, 7, 19)],
  },
  {
    label: 'date with thg',
    messages: ['ma so bhxh 9900000004 ngay sinh 20 thg 8 1965'],
    identifiers: [code('9900000004'), planted.date(1965, 8, 20)],
  },
  {
    label: 'date with a 2-digit year',
    messages: ['kiểm tra thẻ bhyt 9900000005 sinh 21-09-66'],
    identifiers: [code('9900000005'), planted.date(1966, 9, 21)],
  },
  {
    label: 'date with dots',
    messages: ['the bhyt 9900000006 ngay sinh 22.10.1967'],
    identifiers: [code('9900000006'), planted.date(1967, 10, 22)],
  },
  {
    label: 'date of birth typed compact',
    messages: ['kiểm tra thẻ 9900000007', '23111968'],
    identifiers: [code('9900000007'), planted.date(1968, 11, 23)],
  },
  {
    label: 'code in groups',
    messages: ['mã số bhxh 99 0000 0008 hạn thẻ đến khi nào'],
    identifiers: [code('9900000008')],
  },
  {
    label: 'code and date in one message (the example form)',
    messages: ['9900000009 14/02/1983'],
    identifiers: [code('9900000009'), planted.date(1983, 2, 14)],
  },
  {
    label: 'code awaiting its date of birth',
    messages: ['kiểm tra thẻ bhyt', '7912345678'],
    identifiers: [code('7912345678')],
  },
  {
    label: 'card number glued to text',
    messages: ['mathe:GD4797932112346x'],
    identifiers: [card('GD4797932112346')],
  },
  {
    label: 'card number with spaces',
    messages: ['thẻ GD 4 79 7932112345 còn hạn không'],
    identifiers: [card('GD4797932112345')],
  },
  {
    label: 'card number lower case',
    messages: ['gd4797932112344 con han ko'],
    identifiers: [card('gd4797932112344')],
  },
  {
    label: 'phone and code together',
    messages: ['số điện thoại 0383 456 789, mã bhxh 7912345679'],
    identifiers: [phone('0383456789'), code('7912345679')],
  },
  {
    label: 'CCCD given when the code is asked',
    messages: ['tra cứu thẻ bhyt', '0010 8501 2346'],
    identifiers: [cccd('001085012346')],
  },
  {
    label: 'phone as a salary',
    messages: ['lương 0912345673 thì đóng bao nhiêu'],
    identifiers: [phone('0912345673')],
  },
  {
    label: 'date in a household question',
    messages: ['mẹ em sinh 05/11/1958, mua bhyt hộ gia đình 3 người bao nhiêu'],
    identifiers: [planted.date(1958, 11, 5)],
  },
];
