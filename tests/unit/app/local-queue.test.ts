/** The in-process queue (functions/adapters/queue/local-queue.ts) keeps SQS FIFO's promises. */
import { describe, expect, it, vi } from 'vitest';
import { LocalQueue } from '../../../functions/adapters/queue/local-queue.js';
import type { ProcessResult } from '../../../functions/app/pipeline-worker.js';
import type { EnqueueRequest, QueuedMessage } from '../../../functions/app/ports.js';
import { queuedText } from '../../support/queue.js';

const request = (group: string, id: string): EnqueueRequest => ({
  groupId: group,
  deduplicationId: id,
  item: queuedText(id, group),
});

describe('LocalQueue', () => {
  it('handles one group in order, one at a time, and groups in parallel', async () => {
    const handled: string[] = [];
    let running = new Map<string, number>();
    let maxParallelGroups = 0;
    let overlapped = false;
    const queue = new LocalQueue({
      consumer: async (item: QueuedMessage): Promise<ProcessResult> => {
        const group = item.message.chatId;
        running.set(group, (running.get(group) ?? 0) + 1);
        if (running.get(group) !== 1) overlapped = true;
        maxParallelGroups = Math.max(maxParallelGroups, running.size);
        await new Promise((resolve) => setTimeout(resolve, 2));
        handled.push(item.message.messageId);
        const left = (running.get(group) ?? 1) - 1;
        if (left === 0) running.delete(group);
        else running.set(group, left);
        return { status: 'done' };
      },
    });
    for (let index = 0; index < 10; index++) {
      await queue.enqueue(request('a', `a${index}`));
      await queue.enqueue(request('b', `b${index}`));
    }
    await queue.idle();
    running = new Map();
    expect(handled.filter((id) => id.startsWith('a'))).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    expect(handled.filter((id) => id.startsWith('b'))).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    expect(maxParallelGroups).toBe(2);
    expect(overlapped).toBe(false);
  });

  it('retries a failed message before the next one of its group, then dead-letters it after maxReceiveCount', async () => {
    const handled: string[] = [];
    const delays: number[] = [];
    const queue = new LocalQueue({
      maxReceiveCount: 3,
      backoffMs: (count) => {
        delays.push(count);
        return 1;
      },
      consumer: async (item) => {
        handled.push(item.message.messageId);
        if (item.message.messageId === 'a1') return { status: 'retry', reason: 'boom' };
        if (item.message.messageId === 'a2' && handled.filter((id) => id === 'a2').length === 1)
          return { status: 'retry', reason: 'once' };
        return { status: 'done' };
      },
    });
    await queue.enqueue(request('a', 'a1'));
    await queue.enqueue(request('a', 'a2'));
    await queue.enqueue(request('a', 'a3'));
    await queue.idle();
    expect(handled).toEqual(['a1', 'a1', 'a1', 'a2', 'a2', 'a3']);
    expect(delays).toEqual([1, 2, 1]);
    expect(queue.deadLetters.map((letter) => [letter.request.deduplicationId, letter.receiveCount])).toEqual([
      ['a1', 3],
    ]);
  });

  it('waits at least retry_after before the next receive', async () => {
    vi.useFakeTimers();
    try {
      let receives = 0;
      const queue = new LocalQueue({
        backoffMs: () => 1,
        consumer: async () => {
          receives++;
          return receives === 1
            ? { status: 'retry', reason: '429', retryAfterSeconds: 2 }
            : { status: 'done' };
        },
      });
      await queue.enqueue(request('a', 'x'));
      await vi.advanceTimersByTimeAsync(1_999);
      expect(receives).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(receives).toBe(2);
      await queue.idle();
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves a refused message to the dead letters at once and continues with the group', async () => {
    const handled: string[] = [];
    const queue = new LocalQueue({
      consumer: async (item) => {
        handled.push(item.message.messageId);
        return item.message.messageId === 'a1'
          ? { status: 'dead-letter', reason: 'refused' }
          : { status: 'done' };
      },
    });
    await queue.enqueue(request('a', 'a1'));
    await queue.enqueue(request('a', 'a2'));
    await queue.idle();
    expect(handled).toEqual(['a1', 'a2']);
    expect(queue.deadLetters).toHaveLength(1);
  });

  it('accepts a deduplication id once within the window', async () => {
    const handled: string[] = [];
    const queue = new LocalQueue({
      consumer: async (item) => {
        handled.push(item.message.messageId);
        return { status: 'done' };
      },
    });
    await queue.enqueue(request('a', 'same'));
    await queue.enqueue(request('a', 'same'));
    await queue.idle();
    expect(handled).toEqual(['same']);
  });

  it('retries on the shared schedule by default (5 s, then 10 s…), shrunk by the time scale', async () => {
    vi.useFakeTimers();
    try {
      const receivesAt = (timeScale?: number) => {
        const receives: number[] = [];
        const started = Date.now();
        const queue = new LocalQueue({
          ...(timeScale ? { timeScale } : {}),
          consumer: async () => {
            receives.push(Date.now() - started);
            return receives.length < 3 ? { status: 'retry', reason: 'channel down' } : { status: 'done' };
          },
        });
        return { queue, receives };
      };
      const real = receivesAt();
      await real.queue.enqueue(request('a', 'x'));
      await vi.advanceTimersByTimeAsync(15_000);
      await real.queue.idle();
      expect(real.receives).toEqual([0, 5_000, 15_000]);

      const scaled = receivesAt(0.01);
      await scaled.queue.enqueue(request('a', 'y'));
      await vi.advanceTimersByTimeAsync(150);
      await scaled.queue.idle();
      expect(scaled.receives.map((at) => at - (scaled.receives[0] ?? 0))).toEqual([0, 50, 150]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on close, lets a message being handled finish within the grace and stops receiving', async () => {
    const handled: string[] = [];
    let finish: (() => void) | undefined;
    const queue = new LocalQueue({
      consumer: async (item) => {
        if (item.message.messageId === 'a1') await new Promise<void>((resolve) => (finish = resolve));
        handled.push(item.message.messageId);
        return { status: 'done' };
      },
    });
    await queue.enqueue(request('a', 'a1'));
    await queue.enqueue(request('a', 'a2'));
    await vi.waitFor(() => expect(finish).toBeDefined());
    const closed = queue.close(5_000);
    finish?.();
    await closed;
    expect(handled).toEqual(['a1']);
    await expect(queue.enqueue(request('a', 'a3'))).rejects.toThrow('closed');
  });
});
