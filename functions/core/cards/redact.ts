/**
 * Redaction for card-lookup turns. `redactIdentifiers` masks codes and card numbers but
 * keeps dates (legal dates must stay readable in other answers). In a card turn a date is
 * most likely a date of birth, so these turns mask every date too, in both the question and
 * the answer, before anything is logged or stored for analysts.
 */
import { redactIdentifiersAndDates } from '../privacy/redact.js';

/** Mask dates (likely dates of birth) and every identifier (codes, card numbers, CCCD, phones). */
export function redactCardTurn(text: string): string {
  return redactIdentifiersAndDates(text);
}

/** Turns whose intent starts with this prefix belong to the card lookup and need redactCardTurn. */
export const CARD_INTENT_PREFIX = 'card.';

export function isCardTurn(intent: string): boolean {
  return intent.startsWith(CARD_INTENT_PREFIX);
}
