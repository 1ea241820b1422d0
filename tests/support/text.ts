/**
 * What a citizen types on a phone without a Vietnamese keyboard: the same text, case kept,
 * without tone or vowel marks (đ → d). Unlike `foldVietnamese`, it neither lower-cases nor
 * collapses spaces, so tests see exactly what such a citizen would send.
 */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
