/**
 * Several limits guarding one action (per chat and per code for a card look-up; per account
 * and per address for a console sign-in), taken together: each counts the attempt atomically
 * before the action runs, and when one refuses, the ones already taken are given back, so a
 * refused attempt costs nothing and the action never runs past any limit.
 */
import type { RateCounter } from './ports.js';

export interface AttemptLimit {
  readonly key: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export type AttemptsTaken =
  | { readonly allowed: false }
  | {
      readonly allowed: true;
      /** The count of each limit after this attempt, in the order given. */
      readonly counts: readonly number[];
      /** Whether this attempt used up any of the limits (the next one will be refused). */
      readonly reachedLimit: boolean;
      /** The action succeeded and should not count: give every attempt back. */
      giveBack(): Promise<void>;
    };

export async function takeAttempts(
  counter: RateCounter,
  limits: readonly AttemptLimit[],
): Promise<AttemptsTaken> {
  const taken: AttemptLimit[] = [];
  const counts: number[] = [];
  for (const limit of limits) {
    const grant = await counter.take(limit.key, limit.limit, limit.windowSeconds);
    if (!grant.allowed) {
      await Promise.all(taken.map((earlier) => counter.giveBack(earlier.key)));
      return { allowed: false };
    }
    taken.push(limit);
    counts.push(grant.count);
  }
  return {
    allowed: true,
    counts,
    reachedLimit: limits.some((limit, index) => (counts[index] ?? 0) >= limit.limit),
    giveBack: async () => {
      await Promise.all(taken.map((limit) => counter.giveBack(limit.key)));
    },
  };
}
