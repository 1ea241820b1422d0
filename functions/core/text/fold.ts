/**
 * Minimal Vietnamese folding shared by every matcher in the core: NFC, lower case,
 * diacritics removed (đ→d), whitespace collapsed. Citizens often type without accents,
 * so every rule-based match runs on folded text.
 */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
