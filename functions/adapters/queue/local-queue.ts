/**
 * The queue of `npm start`, with SQS FIFO's promises behind the same MessageQueue port:
 *  - messages of one group are handled one at a time, in order; groups run in parallel
 *    (up to `concurrency`);
 *  - a failed message is retried on the shared schedule (functions/app/retry-schedule.ts:
 *    5 s doubling to 5 min, or after the channel's retry_after) and is never overtaken by
 *    the next message of its group;
 *  - after `maxReceiveCount` receives (12: retries spread over ≈30 min), or at once when the worker says
 *    retrying cannot help, it moves to the dead-letter list and the group continues;
 *  - the same deduplication id within 5 minutes is accepted once.
 *
 * Where messages live is a `QueueStore`: in memory (unit tests, CLIs) or files under
 * DATA_DIR/queue (`npm start`, see file-queue-store.ts), which makes the queue survive a
 * crash: `enqueue` resolves only once the message is durably written, every receive is
 * recorded before the worker runs, and on the next start the messages left on disk are
 * delivered again in their order with their receive counts.
 *
 * Written here because it is a few hundred lines and must mirror SQS FIFO exactly;
 * general-purpose job queues (p-queue, bull…) have no per-group ordering or need Redis.
 */

import type { ProcessResult } from '../../app/pipeline-worker.js';
import { EnqueueError, type EnqueueRequest, type MessageQueue, type QueuedMessage } from '../../app/ports.js';
import { MAX_RECEIVE_COUNT, retryDelaySeconds } from '../../app/retry-schedule.js';
import { errorFields, type Logger, silentLogger } from '../../shared/logger.js';

export type QueueConsumer = (item: QueuedMessage) => Promise<ProcessResult>;

/** A message on the queue as the store keeps it. */
export interface StoredMessage {
  /** Sortable and unique across restarts: the order of acceptance. */
  readonly id: string;
  readonly request: EnqueueRequest;
  /** When it was accepted (ms since the epoch); the deduplication window counts from here. */
  readonly enqueuedAt: number;
  readonly receiveCount: number;
  /** Not to be received before this time (ms), after a failed receive. */
  readonly visibleAt?: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly request: EnqueueRequest;
  readonly reason: string;
  readonly receiveCount: number;
  readonly enqueuedAt: number;
  /** ISO time it was dead-lettered. */
  readonly deadAt: string;
}

export interface RestoredQueue {
  /** Messages accepted by an earlier run and not finished, in id order. */
  readonly messages: readonly StoredMessage[];
  /** Deduplication ids accepted within the window, with their acceptance time (ms). */
  readonly seen: ReadonlyMap<string, number>;
}

/**
 * Where the queue keeps its messages. Every method resolves once the change is written;
 * `add` and `deadLetter` durably (fsync), since they are the promises that must survive.
 */
export interface QueueStore {
  restore(now: number): Promise<RestoredQueue>;
  add(message: StoredMessage): Promise<void>;
  /** A new receive count, or the time of the next receive. */
  update(message: StoredMessage): Promise<void>;
  /** Finished: forget the message, remember its deduplication id for the window. */
  complete(message: StoredMessage): Promise<void>;
  deadLetter(message: StoredMessage, letter: DeadLetter): Promise<void>;
  /**
   * Hands each dead letter an operator put back (`npm run dlq -- replay`) to `adopt`, which
   * re-queues it durably, then forgets it. Returns how many were adopted.
   */
  adoptReplayed?(adopt: (request: EnqueueRequest) => Promise<void>): Promise<number>;
}

/** Keeps nothing: the queue lives and dies with the process. */
export const memoryQueueStore: QueueStore = {
  restore: async () => ({ messages: [], seen: new Map() }),
  add: async () => undefined,
  update: async () => undefined,
  complete: async () => undefined,
  deadLetter: async () => undefined,
};

export interface LocalQueueOptions {
  readonly consumer: QueueConsumer;
  readonly store?: QueueStore;
  readonly maxReceiveCount?: number;
  /** Delay before receive n+1 after a failed receive n (1-based); default the shared schedule. */
  readonly backoffMs?: (receiveCount: number) => number;
  /**
   * Multiplies every wait (backoff and retry_after). 1 in real use; tests and the fault
   * benchmark shrink the 30-minute schedule to seconds with e.g. 0.01.
   */
  readonly timeScale?: number;
  readonly concurrency?: number;
  readonly deduplicationWindowMs?: number;
  /** How often to look for replayed dead letters (stores that support replay). */
  readonly replayPollMs?: number;
  /** On close, how long messages being handled may take to finish before they are left on the store. */
  readonly shutdownGraceMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

interface Entry {
  message: StoredMessage;
  /** Written to the store: only then may it be received (it was accepted). */
  durable: boolean;
}

interface Group {
  readonly entries: Entry[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

export const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
/**
 * How long Ctrl-C waits for messages being handled. Longer than a send's 10 s timeout: a send
 * cut off by closing the database would reach the citizen without its progress write, and be
 * sent again at the next start.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 12_000;

/** The shared schedule in milliseconds: 5 s doubling to 5 min. */
export const scheduleBackoffMs = (receiveCount: number): number => retryDelaySeconds(receiveCount) * 1000;

/** A short schedule, for tests that want quick retries without the real one's minutes. */
export function exponentialBackoff(baseMs = 250, capMs = 30_000): (receiveCount: number) => number {
  return (receiveCount) => Math.min(capMs, baseMs * 2 ** Math.max(0, receiveCount - 1));
}

export class LocalQueue implements MessageQueue {
  /** Dead-lettered during this run (the file store also keeps them on disk across runs). */
  readonly deadLetters: DeadLetter[] = [];
  /** Resolves once the messages of an earlier run are back on the queue. */
  readonly ready: Promise<void>;
  private readonly groups = new Map<string, Group>();
  private seen = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private active = 0;
  private closed = false;
  private lastId = 0;
  private replayTimer?: NodeJS.Timeout;
  private polling = false;
  private readonly store: QueueStore;
  private readonly options: Required<Omit<LocalQueueOptions, 'logger' | 'now' | 'store'>> & {
    logger: Logger;
    now: () => number;
  };

  constructor(options: LocalQueueOptions) {
    this.options = {
      maxReceiveCount: MAX_RECEIVE_COUNT,
      backoffMs: scheduleBackoffMs,
      timeScale: 1,
      concurrency: 32,
      deduplicationWindowMs: DEDUPLICATION_WINDOW_MS,
      replayPollMs: 1_000,
      shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS,
      logger: silentLogger,
      now: Date.now,
      ...options,
    };
    this.store = options.store ?? memoryQueueStore;
    this.ready = this.restore();
    // Nobody may await `ready`; its failure is reported by enqueue and logged here.
    this.ready.catch((error: unknown) =>
      this.options.logger.error('queue.restore_failed', errorFields(error)),
    );
  }

  async enqueue(request: EnqueueRequest): Promise<void> {
    await this.ready.catch((error: unknown) => {
      throw new EnqueueError('the queue could not be opened', { cause: error });
    });
    if (this.closed) throw new EnqueueError('the queue is closed');
    const now = this.options.now();
    const seenAt = this.seen.get(request.deduplicationId);
    if (seenAt !== undefined && now - seenAt < this.options.deduplicationWindowMs) return;
    this.seen.set(request.deduplicationId, now);
    this.pruneSeen(now);
    await this.append(request, now, () => this.seen.delete(request.deduplicationId));
  }

  /** Messages waiting or in progress. */
  get depth(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.entries.length;
    return count;
  }

  /** Resolves once every enqueued message is done or dead-lettered. */
  async idle(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.depth === 0) return;
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stop taking messages and receiving; give the ones being handled `graceMs` to finish.
   * In memory the rest is dropped; with a file store it stays on disk for the next start
   * (a message still running after the grace is received again then; the worker's progress
   * record makes that resume rather than repeat).
   */
  async close(graceMs = this.options.shutdownGraceMs): Promise<void> {
    this.closed = true;
    if (this.replayTimer) clearInterval(this.replayTimer);
    for (const group of this.groups.values()) if (group.timer) clearTimeout(group.timer);
    const deadline = Date.now() + graceMs;
    while (this.active > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.active > 0)
      this.options.logger.warn('queue.closed_with_work_in_flight', { inFlight: this.active });
    this.groups.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async restore(): Promise<void> {
    const restored = await this.store.restore(this.options.now());
    this.seen = new Map(restored.seen);
    for (const message of restored.messages) {
      this.lastId = Math.max(this.lastId, Number(message.id) || 0);
      this.groupOf(message.request.groupId).entries.push({ message, durable: true });
    }
    if (restored.messages.length > 0)
      this.options.logger.info('queue.restored', { messages: restored.messages.length });
    for (const [groupId, group] of this.groups) this.schedule(groupId, group);
    if (this.store.adoptReplayed) {
      this.replayTimer = setInterval(() => void this.adoptReplayed(), this.options.replayPollMs);
      this.replayTimer.unref?.();
      await this.adoptReplayed();
    }
  }

  /** Puts dead letters replayed by an operator back on the queue, with a fresh receive count. */
  private async adoptReplayed(): Promise<void> {
    if (this.polling || this.closed || !this.store.adoptReplayed) return;
    this.polling = true;
    try {
      // The original deduplication id was seen; a replay is deliberate, so it is not a duplicate.
      const adopted = await this.store.adoptReplayed((request) =>
        this.append(request, this.options.now(), () => undefined),
      );
      if (adopted > 0) this.options.logger.info('queue.replayed', { messages: adopted });
    } catch (error) {
      this.options.logger.error('queue.replay_failed', errorFields(error));
    } finally {
      this.polling = false;
    }
  }

  /** Reserve the message's place in its group now, so order is acceptance order; run it once written. */
  private async append(request: EnqueueRequest, now: number, undo: () => void): Promise<void> {
    const group = this.groupOf(request.groupId);
    const entry: Entry = {
      message: { id: this.nextId(now), request, enqueuedAt: now, receiveCount: 0 },
      durable: false,
    };
    group.entries.push(entry);
    try {
      await this.store.add(entry.message);
    } catch (error) {
      group.entries.splice(group.entries.indexOf(entry), 1);
      undo();
      this.afterChange(request.groupId, group);
      throw new EnqueueError('could not write the message to the queue', { cause: error });
    }
    entry.durable = true;
    this.schedule(request.groupId, group);
  }

  /** Milliseconds × 1000 plus a counter: sortable, and above every id an earlier run used. */
  private nextId(now: number): string {
    this.lastId = Math.max(this.lastId + 1, now * 1000);
    return String(this.lastId).padStart(16, '0');
  }

  private groupOf(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { entries: [], running: false };
      this.groups.set(groupId, group);
    }
    return group;
  }

  private schedule(groupId: string, group: Group): void {
    if (group.running || group.timer || this.closed) return;
    const head = group.entries[0];
    if (!head?.durable) return;
    const wait = (head.message.visibleAt ?? 0) - this.options.now();
    if (wait > 0) {
      this.wake(groupId, group, wait);
      return;
    }
    group.running = true;
    void this.run(groupId, group);
  }

  private wake(groupId: string, group: Group, afterMs: number): void {
    group.timer = setTimeout(() => {
      group.timer = undefined;
      this.schedule(groupId, group);
    }, afterMs);
    group.timer.unref?.();
  }

  private async run(groupId: string, group: Group): Promise<void> {
    await this.acquire();
    try {
      const entry = group.entries[0];
      if (!entry || this.closed) return;
      await this.receive(groupId, group, entry);
    } catch (error) {
      // Only the store can throw here (the consumer's errors are results): try again later.
      this.options.logger.error('queue.store_failed', errorFields(error));
      const head = group.entries[0];
      if (head) head.message = { ...head.message, visibleAt: this.options.now() + this.delayMs(1) };
    } finally {
      this.release();
      group.running = false;
    }
    this.afterChange(groupId, group);
  }

  private async receive(groupId: string, group: Group, entry: Entry): Promise<void> {
    const { maxReceiveCount } = this.options;
    // SQS moves a message past its receive limit to the dead-letter queue on the next receive.
    if (entry.message.receiveCount >= maxReceiveCount) {
      await this.kill(groupId, group, entry, 'receive limit reached (stopped during the last receive)');
      return;
    }
    entry.message = { ...entry.message, receiveCount: entry.message.receiveCount + 1, visibleAt: undefined };
    // Recorded before the worker runs, so a crash now still counts this receive.
    await this.store.update(entry.message);
    const result = await this.consume(entry);
    if (result.status === 'done') {
      group.entries.shift();
      await this.store.complete(entry.message);
    } else if (result.status === 'dead-letter' || entry.message.receiveCount >= maxReceiveCount) {
      await this.kill(groupId, group, entry, result.reason);
    } else {
      // The head stays first in its group: nothing behind it runs until it succeeds or dies.
      const delay = this.delayMs(entry.message.receiveCount, result.retryAfterSeconds);
      entry.message = { ...entry.message, visibleAt: this.options.now() + delay };
      await this.store.update(entry.message);
    }
  }

  private async kill(groupId: string, group: Group, entry: Entry, reason: string): Promise<void> {
    const { message } = entry;
    const letter: DeadLetter = {
      id: message.id,
      request: message.request,
      reason,
      receiveCount: message.receiveCount,
      enqueuedAt: message.enqueuedAt,
      deadAt: new Date(this.options.now()).toISOString(),
    };
    await this.store.deadLetter(message, letter);
    group.entries.shift();
    this.deadLetters.push(letter);
    this.options.logger.error('queue.dead_letter', {
      group: groupId,
      deduplicationId: message.request.deduplicationId,
      receiveCount: message.receiveCount,
    });
  }

  private delayMs(receiveCount: number, retryAfterSeconds?: number): number {
    const base = Math.max(this.options.backoffMs(receiveCount), (retryAfterSeconds ?? 0) * 1000);
    return Math.max(1, Math.round(base * this.options.timeScale));
  }

  private afterChange(groupId: string, group: Group): void {
    if (group.entries.length === 0 && !group.running) this.groups.delete(groupId);
    else this.schedule(groupId, group);
    if (this.depth === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async consume(entry: Entry): Promise<ProcessResult> {
    try {
      return await this.options.consumer(entry.message.request.item);
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
