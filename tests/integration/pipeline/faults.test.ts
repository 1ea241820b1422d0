/**
 * Fault injection on the channel side: the Bot API answers 500, refuses connections, hangs,
 * or rate-limits for a while, then recovers. Every message the webhook accepted must be
 * answered exactly once and in order per chat. The real local server (HTTP, webhook,
 * dynalite and the queue under a temporary DATA_DIR, worker, telegraf) runs in this
 * process; the retry schedule is the real one shrunk 100 times (LOCAL_QUEUE_TIME_SCALE), so
 * a 2-second outage here stands for more than three minutes of a real one — well past the
 * ~4 s the old in-memory queue retried before dropping a message.
 * The crash and Ctrl-C cases, which need a process to kill, are in tests/e2e/crash-restart.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../support/fault-proxy.js';
import { formatResult, runScenario } from '../../support/fault-scenarios.js';

const OUTAGE_MS = 2_000;

const faults: readonly (readonly [string, Fault])[] = [
  ['HTTP 500', { kind: 'server-error', durationMs: OUTAGE_MS }],
  ['connection refused', { kind: 'refuse', durationMs: OUTAGE_MS }],
  ['no answer (hang)', { kind: 'hang', durationMs: OUTAGE_MS }],
  ['429 with retry_after', { kind: 'rate-limit', durationMs: OUTAGE_MS, retryAfterSeconds: 1 }],
];

describe('a channel outage loses nothing and repeats nothing', () => {
  it.each(faults)(
    '%s for a while, then recovery: every accepted message answered once, in order',
    async (name, fault) => {
      const result = await runScenario({
        name,
        chats: 12,
        process: 'in-process',
        queue: 'disk',
        timeScale: 0.01,
        fault,
        answerWithinMs: 25_000,
      });
      const summary = formatResult(result);
      expect(result.accepted, summary).toBe(result.sent);
      expect(result.lost, summary).toBe(0);
      // Only a refusal can cut a connection whose request the Bot API already carried out.
      expect(result.duplicated, summary).toBeLessThanOrEqual(result.unknowable);
      if (fault.kind !== 'refuse') expect(result.unknowable, summary).toBe(0);
      expect(result.answered, summary).toBe(result.sent);
      expect(result.outOfOrderChats, summary).toBe(0);
    },
  );
});
