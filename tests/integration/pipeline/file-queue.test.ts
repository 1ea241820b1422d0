/**
 * The local queue on disk (functions/adapters/queue/file-queue-store.ts) keeps SQS FIFO's
 * promises across a restart: what was accepted is delivered, in order, with its receive
 * count; the deduplication window outlives the process; dead letters stay until replayed,
 * and a replay reaches a running queue. A "restart" is a second LocalQueue on the same
 * directory after the first one was abandoned without a clean close, as a kill leaves it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileQueueStore,
  listDeadLetters,
  queueDirectories,
  replayDeadLetters,
} from '../../../functions/adapters/queue/file-queue-store.js';
import { LocalQueue, type LocalQueueOptions } from '../../../functions/adapters/queue/local-queue.js';
import type { ProcessResult } from '../../../functions/app/pipeline-worker.js';
import type { EnqueueRequest, QueuedMessage } from '../../../functions/app/ports.js';
import { queuedText } from '../../support/queue.js';

const request = (group: string, id: string): EnqueueRequest => ({
  groupId: group,
  deduplicationId: id,
  item: queuedText(id, group),
});

const directories: string[] = [];
const queues: LocalQueue[] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.close(0);
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bhxh-queue-'));
  directories.push(dir);
  return dir;
}

function openQueue(
  dir: string,
  consumer: (item: QueuedMessage) => Promise<ProcessResult>,
  options: Partial<LocalQueueOptions> & { now?: () => number } = {},
): LocalQueue {
  const queue = new LocalQueue({
    store: new FileQueueStore({ dataDir: dir, ...(options.now ? { now: options.now } : {}) }),
    backoffMs: () => 5,
    replayPollMs: 20,
    ...options,
    consumer,
  });
  queues.push(queue);
  return queue;
}

/** Whole message files (a write in progress also has a temporary file). */
const messageFiles = (dir: string) =>
  readdirSync(queueDirectories(dir).messages).filter((name) => /^\d+\.json$/.test(name));

/** A consumer that never finishes: the process "dies" while it runs. */
const hangs = () => new Promise<ProcessResult>(() => undefined);

describe('LocalQueue on disk', () => {
  it('a message is on disk once enqueue resolves, and a restart delivers it with its receive count kept', async () => {
    const dir = dataDir();
    const first = openQueue(dir, hangs);
    await first.enqueue(request('chat-a', 'a1'));
    await first.enqueue(request('chat-a', 'a2'));
    await first.enqueue(request('chat-b', 'b1'));
    expect(messageFiles(dir)).toHaveLength(3);

    // Killed while a1 and b1 were being handled (first receive); nothing closed cleanly.
    const handled: string[] = [];
    const second = openQueue(dir, async (item) => {
      handled.push(item.message.messageId);
      return { status: 'done' };
    });
    await second.idle();
    expect(handled.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(handled).toContain('b1');
    expect(messageFiles(dir)).toHaveLength(0);
  });

  it('counts a receive interrupted by a crash and dead-letters past the limit, as SQS does', async () => {
    const dir = dataDir();
    const crashes = openQueue(dir, hangs, { maxReceiveCount: 2 });
    await crashes.enqueue(request('chat-a', 'a1'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const again = openQueue(dir, hangs, { maxReceiveCount: 2 });
    await again.ready;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Two receives began and neither finished: the third start dead-letters it unreceived.
    const handled: string[] = [];
    const third = openQueue(
      dir,
      async (item) => {
        handled.push(item.message.messageId);
        return { status: 'done' };
      },
      { maxReceiveCount: 2 },
    );
    await third.idle();
    expect(handled).toEqual([]);
    const letters = await listDeadLetters(dir);
    expect(letters.map((letter) => [letter.request.deduplicationId, letter.receiveCount])).toEqual([
      ['a1', 2],
    ]);
  });

  it('keeps a failed message first in its group across a restart, and waits out its retry time', async () => {
    const dir = dataDir();
    const first = openQueue(dir, async () => ({ status: 'retry', reason: 'channel down' }), {
      backoffMs: () => 60_000,
    });
    await first.enqueue(request('chat-a', 'a1'));
    await first.enqueue(request('chat-a', 'a2'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await first.close(0);

    let clock = Date.now();
    const handled: string[] = [];
    const second = openQueue(
      dir,
      async (item) => {
        handled.push(item.message.messageId);
        return { status: 'done' };
      },
      { now: () => clock },
    );
    await second.ready;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(handled).toEqual([]); // the minute of backoff is not over
    await second.close(0);

    clock += 61_000;
    const third = openQueue(
      dir,
      async (item) => {
        handled.push(item.message.messageId);
        return { status: 'done' };
      },
      { now: () => clock },
    );
    await third.idle();
    expect(handled).toEqual(['a1', 'a2']);
  });

  it('accepts a deduplication id once within the window, across a restart', async () => {
    const dir = dataDir();
    const handled: string[] = [];
    const consumer = async (item: QueuedMessage): Promise<ProcessResult> => {
      handled.push(item.message.messageId);
      return { status: 'done' };
    };
    let clock = 1_800_000_000_000;
    const first = openQueue(dir, consumer, { now: () => clock });
    await first.enqueue(request('chat-a', 'same'));
    await first.idle();
    await first.close(0);

    const second = openQueue(dir, consumer, { now: () => clock });
    await second.enqueue(request('chat-a', 'same'));
    await second.idle();
    expect(handled).toEqual(['same']);
    await second.close(0);

    clock += 5 * 60_000;
    const third = openQueue(dir, consumer, { now: () => clock });
    await third.enqueue(request('chat-a', 'same'));
    await third.idle();
    expect(handled).toEqual(['same', 'same']);
  });

  it('keeps dead letters across restarts and replays them, by id or all, into a running queue', async () => {
    const dir = dataDir();
    let refuse = true;
    const handled: string[] = [];
    const consumer = async (item: QueuedMessage): Promise<ProcessResult> => {
      handled.push(item.message.messageId);
      return refuse
        ? { status: 'dead-letter', reason: 'telegram sendMessage failed: 403' }
        : { status: 'done' };
    };
    const first = openQueue(dir, consumer);
    await first.enqueue(request('chat-a', 'a1'));
    await first.enqueue(request('chat-b', 'b1'));
    await first.idle();
    await first.close(0);

    const letters = await listDeadLetters(dir);
    expect(letters.map((letter) => letter.request.deduplicationId).sort()).toEqual(['a1', 'b1']);
    expect(letters[0]?.reason).toBe('telegram sendMessage failed: 403');

    refuse = false;
    const running = openQueue(dir, consumer);
    await running.ready;
    const a1 = letters.find((letter) => letter.request.deduplicationId === 'a1');
    const outcome = await replayDeadLetters(dir, [a1?.id ?? '', '123', 'not-an-id']);
    expect(outcome).toEqual({ replayed: [a1?.id], unknown: ['123', 'not-an-id'] });
    await waitUntil(() => handled.filter((id) => id === 'a1').length === 2);
    expect((await listDeadLetters(dir)).map((letter) => letter.request.deduplicationId)).toEqual(['b1']);

    expect((await replayDeadLetters(dir)).replayed).toHaveLength(1);
    await waitUntil(() => handled.filter((id) => id === 'b1').length === 2);
    await running.idle();
    expect(await listDeadLetters(dir)).toEqual([]);
    expect(readdirSync(queueDirectories(dir).replay)).toEqual([]);
  });

  it('sets aside an unreadable message file instead of failing to start', async () => {
    const dir = dataDir();
    const first = openQueue(dir, hangs);
    await first.enqueue(request('chat-a', 'a1'));
    const { messages } = queueDirectories(dir);
    writeFileSync(join(messages, '0000000000000001.json'), '{"not":"a message"}');
    writeFileSync(join(messages, '0000000000000002.json.123.abcd.tmp'), '{"torn');
    const handled: string[] = [];
    const second = openQueue(dir, async (item) => {
      handled.push(item.message.messageId);
      return { status: 'done' };
    });
    await second.idle();
    expect(handled).toEqual(['a1']);
    expect(readdirSync(messages)).toEqual(['0000000000000001.json.unreadable']);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('one process per queue directory, dead letters kept 14 days', () => {
  it('refuses a directory another live process holds, and takes over one whose process is gone', async () => {
    const dir = dataDir();
    const { lock, root } = queueDirectories(dir);
    mkdirSync(root, { recursive: true });
    // The parent of this test process is alive and is not us.
    writeFileSync(lock, String(process.ppid));
    await expect(new FileQueueStore({ dataDir: dir }).restore(Date.now())).rejects.toThrow(
      /in use by process/,
    );
    // A pid no process has (above the kernel's pid_max default of 4,194,304).
    writeFileSync(lock, '9999999');
    await expect(new FileQueueStore({ dataDir: dir }).restore(Date.now())).resolves.toBeDefined();
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
  });

  it('deletes dead letters older than 14 days at start and keeps newer ones', async () => {
    const dir = dataDir();
    const { dead } = queueDirectories(dir);
    mkdirSync(dead, { recursive: true });
    const now = Date.parse('2026-12-01T00:00:00Z');
    const letter = (id: string, deadAt: string) =>
      writeFileSync(
        join(dead, `${id}.json`),
        JSON.stringify({
          id,
          request: request('g', `d${id}`),
          reason: 'refused',
          receiveCount: 1,
          enqueuedAt: 1,
          deadAt,
        }),
      );
    letter('1', '2026-11-10T00:00:00Z');
    letter('2', '2026-11-20T00:00:00Z');
    await new FileQueueStore({ dataDir: dir, now: () => now }).restore(now);
    expect((await listDeadLetters(dir)).map((entry) => entry.id)).toEqual(['2']);
  });
});
