/**
 * Redaction for card-lookup turns. `redactIdentifiers` masks codes and card numbers but
 * keeps dates (legal dates must stay readable in other answers). In a card turn a date is
 * most likely a date of birth, so these turns mask every date too, in both the question and
 * the answer, before anything is logged or stored for analysts.
 */
import { redactIdentifiers } from '../privacy/redact.js';

export const DATE_LABEL = '[ngày]';

const DATE_PATTERNS: readonly RegExp[] = [
  // 1985-03-12
  /(?<!\d)\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}(?!\d)/g,
  // 12/03/1985, 12-3-85, 12.03.1985 (also with spaces around the separators)
  /(?<!\d)\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}(?!\d)/g,
  // "ngày 12 tháng 3 năm 1985" with or without diacritics or commas
  /ng[aàáảãạ]y\s+\d{1,2},?\s+th[aàáảãạ]ng\s+\d{1,2},?\s+n[aăằắẳẵặ]m\s+\d{2,4}/giu,
  // "12 tháng 3 năm 1985" / "12 thang 3 1985"
  /(?<!\d)\d{1,2}\s+th[aàáảãạ]ng\s+\d{1,2},?\s+(?:n[aăằắẳẵặ]m\s+)?\d{4}(?!\d)/giu,
  // 12031985 typed as the answer to "ngày sinh?"
  /(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}(?!\d)/g,
];

/** Mask dates (likely dates of birth) and every identifier (codes, card numbers, CCCD, phones). */
export function redactCardTurn(text: string): string {
  // Identifiers first: a 10-digit code must not be half-eaten by the 8-digit date pattern.
  let result = redactIdentifiers(text);
  for (const pattern of DATE_PATTERNS) result = result.replace(pattern, DATE_LABEL);
  return result;
}

/** Turns whose intent starts with this prefix belong to the card lookup and need redactCardTurn. */
export const CARD_INTENT_PREFIX = 'card.';

export function isCardTurn(intent: string): boolean {
  return intent.startsWith(CARD_INTENT_PREFIX);
}
