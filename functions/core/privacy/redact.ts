/**
 * Identifier redaction. Used before indexing documents, before writing conversation
 * turns, and in application logs. Patterns are deliberately broad: a false positive
 * costs a masked number in a log; a false negative leaks a citizen's identifier.
 */

export type IdentifierKind = 'card' | 'cccd' | 'bhxh' | 'phone';

const PATTERNS: ReadonlyArray<{ kind: IdentifierKind; pattern: RegExp }> = [
  // BHYT card: 2 letters, benefit digit 1–5, 2-digit province, 10-digit BHXH code (spaces allowed).
  { kind: 'card', pattern: /\b[A-Za-z]{2}\s?[1-5]\s?\d{2}\s?\d{10}\b/g },
  // 12-digit CCCD (citizen identity card), also written in groups of 3/4.
  { kind: 'cccd', pattern: /(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{6}(?!\d)/g },
  // 10-digit BHXH code (must run before phone: phones also have 10 digits but start with 0).
  { kind: 'phone', pattern: /(?<!\d)(?:\+84|84|0)[\s.-]?[35789]\d(?:[\s.-]?\d){7}(?!\d)/g },
  { kind: 'bhxh', pattern: /(?<!\d)\d{10}(?!\d)/g },
];

const LABELS: Readonly<Record<IdentifierKind, string>> = {
  card: '[mã thẻ BHYT]',
  cccd: '[số CCCD]',
  bhxh: '[mã số BHXH]',
  phone: '[số điện thoại]',
};

/** Replace every identifier with a neutral label. Hotlines like 1900 9068 are kept. */
export function redactIdentifiers(text: string): string {
  let result = text;
  for (const { kind, pattern } of PATTERNS) {
    result = result.replace(pattern, LABELS[kind]);
  }
  return result;
}

/** True when the text still contains something that looks like an identifier. */
export function containsIdentifier(text: string): boolean {
  return PATTERNS.some(({ pattern }) =>
    new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text),
  );
}
