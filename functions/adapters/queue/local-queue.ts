/**
 * The in-process queue of `npm start`, with SQS FIFO's semantics behind the same
 * MessageQueue port:
 *  - messages of one group are handled one at a time, in order; groups run in parallel
 *    (up to `concurrency`);
 *  - a failed message is retried with exponential backoff (or after the channel's
 *    retry_after) and is never overtaken by the next message of its group;
 *  - after `maxReceiveCount` receives, or at once when the worker says retrying cannot
 *    help, it moves to the dead-letter list and the group continues;
 *  - the same deduplication id within 5 minutes is accepted once.
 * Written here because it is ~150 lines and must mirror SQS FIFO exactly; general-purpose
 * job queues (p-queue, bull…) have no per-group ordering or need Redis.
 */
import type { EnqueueRequest, MessageQueue, QueuedMessage } from '../../app/pipeline.js';
import type { ProcessResult } from '../../app/pipeline-worker.js';
import { errorFields, type Logger, silentLogger } from '../../shared/logger.js';

export type QueueConsumer = (item: QueuedMessage) => Promise<ProcessResult>;

export interface LocalQueueOptions {
  readonly consumer: QueueConsumer;
  readonly maxReceiveCount?: number;
  /** Delay before receive n+1 after a failed receive n (1-based). */
  readonly backoffMs?: (receiveCount: number) => number;
  readonly concurrency?: number;
  readonly deduplicationWindowMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface DeadLetter {
  readonly request: EnqueueRequest;
  readonly reason: string;
  readonly receiveCount: number;
}

interface Entry {
  readonly request: EnqueueRequest;
  receiveCount: number;
}

interface Group {
  readonly entries: Entry[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

export const DEFAULT_MAX_RECEIVE_COUNT = 5;

export function exponentialBackoff(baseMs = 250, capMs = 30_000): (receiveCount: number) => number {
  return (receiveCount) => Math.min(capMs, baseMs * 2 ** Math.max(0, receiveCount - 1));
}

export class LocalQueue implements MessageQueue {
  readonly deadLetters: DeadLetter[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly seen = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private active = 0;
  private closed = false;
  private readonly options: Required<Omit<LocalQueueOptions, 'logger' | 'now'>> & {
    logger: Logger;
    now: () => number;
  };

  constructor(options: LocalQueueOptions) {
    this.options = {
      maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
      backoffMs: exponentialBackoff(),
      concurrency: 32,
      deduplicationWindowMs: 5 * 60_000,
      logger: silentLogger,
      now: Date.now,
      ...options,
    };
  }

  async enqueue(request: EnqueueRequest): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    const now = this.options.now();
    const seenAt = this.seen.get(request.deduplicationId);
    if (seenAt !== undefined && now - seenAt < this.options.deduplicationWindowMs) return;
    this.seen.set(request.deduplicationId, now);
    this.pruneSeen(now);
    let group = this.groups.get(request.groupId);
    if (!group) {
      group = { entries: [], running: false };
      this.groups.set(request.groupId, group);
    }
    group.entries.push({ request, receiveCount: 0 });
    this.schedule(request.groupId, group);
  }

  /** Messages waiting or in progress. */
  get depth(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.entries.length;
    return count;
  }

  /** Resolves once every enqueued message is done or dead-lettered. */
  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stop taking messages; waits for the ones being handled. Pending ones are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) if (group.timer) clearTimeout(group.timer);
    while (this.active > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    this.groups.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private schedule(groupId: string, group: Group): void {
    if (group.running || group.timer || this.closed || group.entries.length === 0) return;
    group.running = true;
    void this.run(groupId, group);
  }

  private async run(groupId: string, group: Group): Promise<void> {
    await this.acquire();
    let retryDelay: number | undefined;
    try {
      const entry = group.entries[0];
      if (!entry || this.closed) return;
      entry.receiveCount++;
      const result = await this.consume(entry);
      if (result.status === 'done') {
        group.entries.shift();
      } else if (result.status === 'dead-letter' || entry.receiveCount >= this.options.maxReceiveCount) {
        group.entries.shift();
        this.deadLetters.push({
          request: entry.request,
          reason: result.reason,
          receiveCount: entry.receiveCount,
        });
        this.options.logger.error('queue.dead_letter', {
          group: groupId,
          deduplicationId: entry.request.deduplicationId,
          receiveCount: entry.receiveCount,
        });
      } else {
        // The head stays first in its group: nothing behind it runs until it succeeds or dies.
        retryDelay = Math.max(
          this.options.backoffMs(entry.receiveCount),
          (result.retryAfterSeconds ?? 0) * 1000,
        );
      }
    } finally {
      this.release();
      group.running = false;
    }
    if (retryDelay !== undefined && !this.closed) {
      group.timer = setTimeout(() => {
        group.timer = undefined;
        this.schedule(groupId, group);
      }, retryDelay);
      group.timer.unref?.();
      return;
    }
    if (group.entries.length === 0) this.groups.delete(groupId);
    else this.schedule(groupId, group);
    if (this.depth === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async consume(entry: Entry): Promise<ProcessResult> {
    try {
      return await this.options.consumer(entry.request.item);
    } catch (error) {
      this.options.logger.error('queue.consumer_threw', errorFields(error));
      return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    // The releasing run hands its slot over directly (see release), so `active` stays exact.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private pruneSeen(now: number): void {
    if (this.seen.size < 10_000) return;
    for (const [id, at] of this.seen)
      if (now - at >= this.options.deduplicationWindowMs) this.seen.delete(id);
  }
}
