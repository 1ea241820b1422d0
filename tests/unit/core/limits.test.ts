import { describe, expect, it } from 'vitest';
import { MemoryRateCounter } from '../../../functions/adapters/memory/rate-counter.js';
import { takeAttempts } from '../../../functions/core/limits.js';

function counter() {
  return new MemoryRateCounter({ now: () => new Date('2026-11-23T03:00:00Z') });
}

describe('takeAttempts', () => {
  it('counts an attempt under every limit and says when one is used up', async () => {
    const rates = counter();
    const limits = [
      { key: 'a', limit: 2, windowSeconds: 60 },
      { key: 'b', limit: 5, windowSeconds: 60 },
    ];
    const first = await takeAttempts(rates, limits);
    expect(first).toMatchObject({ allowed: true, counts: [1, 1], reachedLimit: false });
    const second = await takeAttempts(rates, limits);
    expect(second).toMatchObject({ allowed: true, counts: [2, 2], reachedLimit: true });
    expect(await takeAttempts(rates, limits)).toEqual({ allowed: false });
  });

  it('gives back the attempts already taken when a later limit refuses', async () => {
    const rates = counter();
    await rates.take('code', 1, 60);
    expect(
      await takeAttempts(rates, [
        { key: 'chat', limit: 5, windowSeconds: 60 },
        { key: 'code', limit: 1, windowSeconds: 60 },
      ]),
    ).toEqual({ allowed: false });
    expect(await rates.peek('chat')).toBe(0);
  });

  it('gives every attempt back when the guarded action succeeds', async () => {
    const rates = counter();
    const attempt = await takeAttempts(rates, [
      { key: 'chat', limit: 5, windowSeconds: 60 },
      { key: 'code', limit: 5, windowSeconds: 60 },
    ]);
    if (!attempt.allowed) throw new Error('expected a grant');
    await attempt.giveBack();
    expect([await rates.peek('chat'), await rates.peek('code')]).toEqual([0, 0]);
  });

  it('grants no more than the limit to simultaneous callers', async () => {
    const rates = counter();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => takeAttempts(rates, [{ key: 'k', limit: 3, windowSeconds: 60 }])),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(3);
  });
});
