/**
 * Vietnamese number words citizens type for small counts, folded (no diacritics). Not "tư"
 * (four): folded it is "tu", as in "từ tháng 7", and nobody counts months or people with it.
 */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
};

/** Alternation for a regex: digits or one of the number words. */
export const COUNT_PATTERN = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

export function countValue(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  return NUMBER_WORDS[token];
}
