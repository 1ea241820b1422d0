/**
 * `npm start` killed or stopped with messages in flight, then started again on the same
 * DATA_DIR (a real child process, the fake Bot API behind a slow proxy, a stand-in Telegram
 * that redelivers what got no 200). Every accepted message is answered — exactly once, or
 * at most once more where a send's outcome was unknowable: the Bot API carried it out but
 * the process died before it could record that. Messages that never got their 200 are
 * Telegram's to deliver again; any of them already written to the queue is answered too.
 */
import { describe, expect, it } from 'vitest';
import { formatResult, runScenario } from '../support/fault-scenarios.js';

describe('npm start survives a crash and a Ctrl-C', () => {
  it('SIGKILL mid-flight, restart: nothing accepted is lost', async () => {
    const result = await runScenario({
      name: 'SIGKILL mid-flight',
      chats: 15,
      process: 'child',
      queue: 'disk',
      timeScale: 0.01,
      fault: { kind: 'slow', delayMs: 300, durationMs: 2_500 },
      interrupt: { signal: 'SIGKILL', afterMs: 800 },
      redeliverForMs: 5_000,
      answerWithinMs: 20_000,
    });
    const summary = formatResult(result);
    expect(result.accepted, summary).toBeGreaterThan(0);
    expect(result.pendingAtInterrupt, 'work was left when the process died').toBeGreaterThan(0);
    expect(result.lost, summary).toBe(0);
    expect(result.answered, summary).toBeGreaterThanOrEqual(result.accepted);
    expect(result.duplicated, summary).toBeLessThanOrEqual(result.unknowable);
    expect(result.outOfOrderChats, summary).toBe(0);
  });

  it('Ctrl-C while the channel is slow: in-flight replies finish, the rest wait on disk for the next start', async () => {
    const result = await runScenario({
      name: 'SIGINT while slow',
      chats: 15,
      process: 'child',
      queue: 'disk',
      timeScale: 0.01,
      fault: { kind: 'slow', delayMs: 1_500, durationMs: 5_000 },
      interrupt: { signal: 'SIGINT', afterMs: 1_500 },
      answerWithinMs: 20_000,
    });
    const summary = formatResult(result);
    expect(result.accepted, summary).toBe(result.sent);
    expect(result.pendingAtInterrupt, 'work was left for the next start').toBeGreaterThan(0);
    expect(result.lost, summary).toBe(0);
    expect(result.duplicated, summary).toBeLessThanOrEqual(result.unknowable);
    expect(result.outOfOrderChats, summary).toBe(0);
  });
});
