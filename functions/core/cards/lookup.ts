/**
 * Identity-checked card lookup with abuse limits.
 *
 * A card is shown only when the BHXH code and the date of birth (and the name, when one is
 * given) match. A wrong date and an unknown code are the same outcome, `no-match`, so the
 * answer never tells whether a code exists. Failures are counted per chat (per hour) and per
 * code (per day); at the limit the lookup answers `locked` without reading the card.
 * Counter keys carry the chat's session key (already a hash) and a keyed hash of the code,
 * never the code itself.
 */
import type { Hasher, RateCounter } from '../ports.js';
import { type CardRecord, type CardStore, namesMatch } from './card.js';

export const CARD_LOOKUP_LIMITS = {
  failuresPerChat: 5,
  chatWindowSeconds: 3600,
  failuresPerCode: 5,
  codeWindowSeconds: 24 * 3600,
} as const;

export interface CardLookupDeps {
  readonly cards: CardStore;
  readonly counter: RateCounter;
  readonly hash: Hasher;
}

export interface CardLookupRequest {
  /** Identifies the chat for the per-chat limit (the session key, `<channel>:<chat hash>`). */
  readonly chatKey: string;
  readonly bhxhCode: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth: string;
  readonly fullName?: string;
}

export type CardLookupOutcome =
  | { readonly kind: 'found'; readonly card: CardRecord }
  | { readonly kind: 'no-match'; readonly failures: number }
  | { readonly kind: 'locked' };

export function chatCounterKey(chatKey: string): string {
  return `card-fail:chat:${chatKey}`;
}

export function codeCounterKey(bhxhCode: string, hash: Hasher): string {
  return `card-fail:code:${hash(`bhxh:${bhxhCode}`)}`;
}

/** Whether this chat has used up its failed attempts (checked before asking for anything). */
export async function isChatLocked(chatKey: string, deps: Pick<CardLookupDeps, 'counter'>): Promise<boolean> {
  return (await deps.counter.peek(chatCounterKey(chatKey))) >= CARD_LOOKUP_LIMITS.failuresPerChat;
}

export async function lookupCard(
  request: CardLookupRequest,
  deps: CardLookupDeps,
): Promise<CardLookupOutcome> {
  const chatKey = chatCounterKey(request.chatKey);
  const codeKey = codeCounterKey(request.bhxhCode, deps.hash);
  const [chatFailures, codeFailures] = await Promise.all([
    deps.counter.peek(chatKey),
    deps.counter.peek(codeKey),
  ]);
  if (
    chatFailures >= CARD_LOOKUP_LIMITS.failuresPerChat ||
    codeFailures >= CARD_LOOKUP_LIMITS.failuresPerCode
  ) {
    return { kind: 'locked' };
  }

  const card = await deps.cards.get(request.bhxhCode);
  const matches =
    card !== undefined &&
    card.dateOfBirth === request.dateOfBirth &&
    (request.fullName === undefined || namesMatch(card.fullName, request.fullName));
  if (card && matches) return { kind: 'found', card };

  const [chatCount, codeCount] = await Promise.all([
    deps.counter.increment(chatKey, CARD_LOOKUP_LIMITS.chatWindowSeconds),
    deps.counter.increment(codeKey, CARD_LOOKUP_LIMITS.codeWindowSeconds),
  ]);
  // The attempt that reaches a limit is answered with the lockout straight away.
  if (chatCount >= CARD_LOOKUP_LIMITS.failuresPerChat || codeCount >= CARD_LOOKUP_LIMITS.failuresPerCode) {
    return { kind: 'locked' };
  }
  return { kind: 'no-match', failures: Math.max(chatCount, codeCount) };
}
