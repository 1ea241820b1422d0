/**
 * Citizens' identifiers planted in messages, and an independent check of whether any of them
 * survived into stored or logged text. The check deliberately does not use the redactor under
 * test: it folds the text, drops the date words, joins digits across the separators people type
 * (spaces, dots, dashes, slashes, parentheses, "+") and looks for each identifier's significant
 * digits. A CCCD that became "Thu nhập 1.085.012.345 đồng" is found as 1085012345; a date of
 * birth that became "17/5/1962", "1962-05-17" or "17 tháng 5 năm 1962" is found as well.
 */
import fc from 'fast-check';

export type PlantedKind = 'bhxh' | 'card' | 'cccd' | 'phone' | 'date';

export interface PlantedIdentifier {
  readonly kind: PlantedKind;
  /** For codes, cards, CCCD, phones: the digits (a card: its 10-digit BHXH code). */
  readonly digits?: string;
  readonly date?: { readonly year: number; readonly month: number; readonly day: number };
}

export const planted = {
  digits: (kind: Exclude<PlantedKind, 'date'>, typed: string): PlantedIdentifier => ({
    kind,
    digits: typed.replace(/\D/g, ''),
  }),
  date: (year: number, month: number, day: number): PlantedIdentifier => ({
    kind: 'date',
    date: { year, month, day },
  }),
};

/** Digit strings that give the identifier away when found in stored text. */
export function tellTales(identifier: PlantedIdentifier): string[] {
  if (identifier.date) {
    const { year, month, day } = identifier.date;
    const pad = (value: number) => String(value).padStart(2, '0');
    const years = [String(year), pad(year % 100)];
    const days = [String(day), pad(day)];
    const months = [String(month), pad(month)];
    const forms = new Set<string>();
    for (const y of years)
      for (const d of days)
        for (const m of months) {
          forms.add(`${d}${m}${y}`);
          if (y.length === 4) forms.add(`${y}${m}${d}`);
        }
    // Shorter strings would turn up by chance in timestamps and amounts.
    return [...forms].filter((form) => form.length >= 6);
  }
  const digits = identifier.digits ?? '';
  // +84 / 84 and the leading zeros are dropped when a number is read as an amount.
  // A card number gives itself away by its 10-digit BHXH code, which is what a session would keep.
  const significant =
    identifier.kind === 'phone'
      ? digits.replace(/^(?:84|0)/, '')
      : identifier.kind === 'card'
        ? digits.slice(-10)
        : digits;
  return [significant.replace(/^0+/, '')];
}

const DATE_WORDS = /\b(?:ngay|thang|thg|th|nam|sinh)\b/g;

/** The digit runs of a text, joined across typed separators, for the tell-tale search. */
export function digitRuns(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(DATE_WORDS, ' ');
  return [...folded.matchAll(/\d(?:[\s.,/()+-]{0,4}\d)*/g)].map((match) => match[0].replace(/\D/g, ''));
}

/** The identifiers of `identifiers` found in `text`. */
export function survivors(text: string, identifiers: readonly PlantedIdentifier[]): PlantedIdentifier[] {
  const runs = digitRuns(text);
  return identifiers.filter((identifier) =>
    tellTales(identifier).some((tale) => runs.some((run) => run.includes(tale))),
  );
}

// ----------------------------------------------------------------------------- generators

export interface TypedIdentifier {
  /** As the citizen typed it. */
  readonly typed: string;
  readonly identifier: PlantedIdentifier;
}

const digitString = (length: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
    .map((digits) => digits.join(''));

/** Digits split into groups of the given sizes, joined by one separator. */
function grouped(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(separator);
}

const SEPARATORS = [' ', '.', '-'] as const;

/** A BHXH code (province 01–99 then 8 digits), contiguous or in groups. */
export const bhxhCodeArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(fc.integer({ min: 1, max: 99 }), digitString(8), fc.constantFrom(...SEPARATORS))
  .chain(([province, rest, separator]) => {
    const digits = `${String(province).padStart(2, '0')}${rest}`;
    return fc
      .constantFrom(digits, grouped(digits, [2, 4, 4], separator), grouped(digits, [4, 3, 3], separator))
      .map((typed) => ({ typed, identifier: planted.digits('bhxh', digits) }));
  });

/** A Vietnamese mobile number in the ways people write one. */
export const phoneArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), digitString(8), fc.constantFrom(...SEPARATORS))
  .chain(([prefix, rest, separator]) => {
    const national = `0${prefix}${rest}`;
    const nine = `${prefix}${rest}`;
    return fc
      .constantFrom(
        national,
        grouped(national, [4, 3, 3], separator),
        grouped(national, [3, 3, 4], separator),
        `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
        `+84 ${grouped(nine, [3, 3, 3], ' ')}`,
        `+84${nine}`,
        `84${nine}`,
        `+84-${grouped(nine, [2, 3, 4], '-')}`,
      )
      .map((typed) => ({ typed, identifier: planted.digits('phone', national) }));
  });

/** A CCCD (0 + province 01–96 + 9 digits) contiguous or in 4-4-4, 3-3-3-3 or 3-3-6. */
export const cccdArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(fc.integer({ min: 1, max: 96 }), digitString(9), fc.constantFrom(...SEPARATORS))
  .chain(([province, rest, separator]) => {
    const digits = `0${String(province).padStart(2, '0')}${rest}`;
    return fc
      .constantFrom(
        digits,
        grouped(digits, [4, 4, 4], separator),
        grouped(digits, [3, 3, 3, 3], separator),
        grouped(digits, [3, 3, 6], separator),
      )
      .map((typed) => ({ typed, identifier: planted.digits('cccd', digits) }));
  });

/** A BHYT card number: 2 letters, benefit 1–5, province, BHXH code; glued or spaced, any case. */
export const cardArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(
    fc.constantFrom('GD', 'DN', 'HT', 'TE', 'CK', 'HN', 'gd', 'dn'),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 99 }),
    bhxhCodeArb,
  )
  .chain(([letters, benefit, province, code]) => {
    const digits = code.identifier.digits ?? '';
    const area = String(province).padStart(2, '0');
    return fc
      .constantFrom(
        `${letters}${benefit}${area}${digits}`,
        `${letters} ${benefit} ${area} ${digits}`,
        `${letters}${benefit} ${area} ${digits}`,
      )
      .map((typed) => ({ typed, identifier: planted.digits('card', `${benefit}${area}${digits}`) }));
  });

/** A date of birth (1930–2010) in every common order and spelling. */
export const dateArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(
    fc.integer({ min: 1930, max: 2010 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .chain(([year, month, day]) => {
    const pad = (value: number) => String(value).padStart(2, '0');
    const yy = pad(year % 100);
    return fc
      .constantFrom(
        `${day}/${month}/${year}`,
        `${pad(day)}/${pad(month)}/${year}`,
        `${pad(day)}-${pad(month)}-${year}`,
        `${pad(day)}.${pad(month)}.${year}`,
        `${year}/${pad(month)}/${pad(day)}`,
        `${year}-${pad(month)}-${pad(day)}`,
        `${day} ${month} ${year}`,
        `ngày ${day} tháng ${month} năm ${year}`,
        `ngay ${day} thang ${month} nam ${year}`,
        `${day} thg ${month} ${year}`,
        `${day}/${month}/${yy}`,
        `${pad(day)}-${pad(month)}-${yy}`,
        `${pad(day)}${pad(month)}${year}`,
      )
      .map((typed) => ({ typed, identifier: planted.date(year, month, day) }));
  });

export const anyIdentifierArb: fc.Arbitrary<TypedIdentifier> = fc.oneof(
  bhxhCodeArb,
  phoneArb,
  cccdArb,
  cardArb,
  dateArb,
);

/** Sentences around an identifier, with and without diacritics; "{}" is where it goes, glued or not. */
const SENTENCES = [
  'Mã số BHXH của tôi là {}',
  'ma so bhxh cua toi la {}',
  'số điện thoại của em {} ạ',
  'sdt{}',
  'kiểm tra thẻ bhyt giúp em {} nhé',
  'kiem tra the {} con han khong',
  'CCCD của mẹ: {}, sinh năm 1960',
  'mẹ em sinh {} thì mua bhyt hộ gia đình 3 người bao nhiêu',
  'lương {} thì đóng bhxh tự nguyện bao nhiêu',
  'thu nhap {} dong bao nhieu',
  'nhà 4 người, liên hệ {}',
  '{}',
  'mathe:{}x',
  'tôi ({}) cần hỏi về lương hưu đóng 20 năm',
  'alo ad ơi {}',
] as const;

export const sentenceArb: fc.Arbitrary<TypedIdentifier> = fc
  .tuple(fc.constantFrom(...SENTENCES), anyIdentifierArb)
  .map(([sentence, identifier]) => ({ ...identifier, typed: sentence.replace('{}', identifier.typed) }));
