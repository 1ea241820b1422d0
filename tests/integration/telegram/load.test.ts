/**
 * A smaller run of the benchmark (scripts/bench-telegram.ts) through the real local server:
 * 200 updates from 20 chats, each answered exactly once and in order per chat. No timing
 * assertions; the numbers are the benchmark's job.
 */
import { describe, expect, it } from 'vitest';
import { runTelegramLoad } from '../../../scripts/bench-telegram.js';

describe('Telegram pipeline under load (local server, fake Bot API)', () => {
  it('answers 200 updates from 20 chats exactly once each, in order per chat', async () => {
    const result = await runTelegramLoad({ updates: 200, chats: 20, concurrency: 20, timeoutMs: 50_000 });
    expect(result.updates).toBe(200);
    expect(result.chats).toBe(20);
    expect(result.webhookLatencyMs).toHaveLength(200);
    expect(result.problems).toEqual([]);
  });
});
