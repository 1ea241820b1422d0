/**
 * Citizens' identifiers planted in messages, and an independent check of whether any of them
 * survived into stored or logged text. The check deliberately does not use the redactor under
 * test: it folds the text, drops the date words, joins digits across the separators people type
 * (spaces, dots, dashes, slashes, parentheses, "+") and looks for each identifier's significant
 * digits. A CCCD that became "Thu nhập 1.085.012.345 đồng" is found as 1085012345; a date of
 * birth that became "17/5/1962", "1962-05-17" or "17 tháng 5 năm 1962" is found as well.
 */

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
