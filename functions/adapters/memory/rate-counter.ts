import type { Clock, RateCounter } from '../../core/ports.js';

/** In-memory fixed-window counter with the same contract as the DynamoDB one. */
export class MemoryRateCounter implements RateCounter {
  private readonly counters = new Map<string, { count: number; expiresAtMs: number }>();

  constructor(private readonly clock: Clock) {}

  async peek(key: string): Promise<number> {
    const counter = this.counters.get(key);
    if (!counter || counter.expiresAtMs <= this.clock.now().getTime()) return 0;
    return counter.count;
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const now = this.clock.now().getTime();
    const counter = this.counters.get(key);
    if (!counter || counter.expiresAtMs <= now) {
      this.counters.set(key, { count: 1, expiresAtMs: now + windowSeconds * 1000 });
      return 1;
    }
    counter.count++;
    return counter.count;
  }
}
