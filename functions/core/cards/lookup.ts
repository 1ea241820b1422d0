/**
 * Identity-checked card lookup with abuse limits.
 *
 * A card is shown only when the BHXH code and the date of birth (and the name, when one is
 * given) match. A wrong date and an unknown code are the same outcome, `no-match`, so the
 * answer never tells whether a code exists. Attempts are limited per chat (per hour) and per
 * code (per day), and an attempt is counted *before* the date of birth is compared, in one
 * conditional update that refuses past the limit: thirty chats guessing one code at the same
 * instant get five comparisons between them, not thirty. A look-up that finds the card gives
 * its attempt back, so only failures use up the limit. At the limit the look-up answers
 * `locked` without reading the card.
 * Counter keys carry the chat's session key (already a hash) and a keyed hash of the code,
 * never the code itself.
 */
import { takeAttempts } from '../limits.js';
import type { CardStore, Hasher, RateCounter } from '../ports.js';
import { type CardRecord, namesMatch } from './card.js';

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
  const attempt = await takeAttempts(deps.counter, [
    {
      key: chatCounterKey(request.chatKey),
      limit: CARD_LOOKUP_LIMITS.failuresPerChat,
      windowSeconds: CARD_LOOKUP_LIMITS.chatWindowSeconds,
    },
    {
      key: codeCounterKey(request.bhxhCode, deps.hash),
      limit: CARD_LOOKUP_LIMITS.failuresPerCode,
      windowSeconds: CARD_LOOKUP_LIMITS.codeWindowSeconds,
    },
  ]);
  if (!attempt.allowed) return { kind: 'locked' };

  let card: CardRecord | undefined;
  try {
    card = await deps.cards.get(request.bhxhCode);
  } catch (error) {
    // Nothing was compared: the attempt must not cost the citizen one of their five.
    await attempt.giveBack();
    throw error;
  }
  const matches =
    card !== undefined &&
    card.dateOfBirth === request.dateOfBirth &&
    (request.fullName === undefined || namesMatch(card.fullName, request.fullName));
  if (card && matches) {
    // A give-back that fails costs the card holder one attempt, never their answer.
    await attempt.giveBack().catch(() => undefined);
    return { kind: 'found', card };
  }
  // The attempt that reaches a limit is answered with the lockout straight away.
  if (attempt.reachedLimit) return { kind: 'locked' };
  return { kind: 'no-match', failures: Math.max(...attempt.counts) };
}
