import type { AttemptGrant, Clock, RateCounter } from '../../core/ports.js';

/**
 * In-memory fixed-window counter with the same contract as the DynamoDB one
 * (tests/contract/rate-counter.test.ts). Windows are counted in whole seconds, like the
 * table's `expiresAt`: a window opened at 10.9 s for 60 s ends at 70 s.
 */
export class MemoryRateCounter implements RateCounter {
  private readonly counters = new Map<string, { count: number; expiresAtSeconds: number }>();

  constructor(private readonly clock: Clock) {}

  async peek(key: string): Promise<number> {
    return this.live(key)?.count ?? 0;
  }

  async take(key: string, limit: number, windowSeconds: number): Promise<AttemptGrant> {
    const counter = this.live(key);
    if (!counter) {
      if (limit < 1) return { allowed: false, count: 0 };
      this.counters.set(key, { count: 1, expiresAtSeconds: this.nowSeconds() + windowSeconds });
      return { allowed: true, count: 1 };
    }
    if (counter.count >= limit) return { allowed: false, count: counter.count };
    counter.count++;
    return { allowed: true, count: counter.count };
  }

  async giveBack(key: string): Promise<void> {
    const counter = this.live(key);
    if (counter && counter.count > 0) counter.count--;
  }

  private live(key: string) {
    const counter = this.counters.get(key);
    return counter && counter.expiresAtSeconds > this.nowSeconds() ? counter : undefined;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
