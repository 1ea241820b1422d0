/**
 * In-memory dedupe and progress stores with the same contracts as the DynamoDB ones
 * (tests/contract/dedupe-store.test.ts, progress-store.test.ts).
 */
import type { ClaimResult, DedupeStore, MessageProgress, ProgressStore } from '../../app/ports.js';
import type { Channel } from '../../core/messages.js';
import type { Clock } from '../../core/ports.js';
import { systemClock } from '../../shared/clock.js';

/** Same defaults as DynamoDedupeStore (DEDUPE_TTL_SECONDS, DEDUPE_STALE_MS), not imported to keep the SDK out. */
const DEFAULT_TTL_SECONDS = 72 * 3600;
const DEFAULT_STALE_MS = 30_000;

interface Claim {
  state: 'pending' | 'accepted';
  /** Absent on a confirm that found no claim. */
  readonly claimedAtMs?: number;
  readonly expiresAtSeconds?: number;
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly claims = new Map<string, Claim>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly options: { ttlSeconds?: number; staleMs?: number } = {},
  ) {}

  async claim(channel: Channel, messageId: string): Promise<ClaimResult> {
    const key = `${channel}#${messageId}`;
    const now = this.clock.now().getTime();
    const existing = this.claims.get(key);
    // New, expired (TTL deletion is lazy), or a stale pending claim → take it.
    const expired =
      existing?.expiresAtSeconds !== undefined && existing.expiresAtSeconds < Math.floor(now / 1000);
    const stale =
      existing?.state === 'pending' &&
      existing.claimedAtMs !== undefined &&
      existing.claimedAtMs < now - (this.options.staleMs ?? DEFAULT_STALE_MS);
    if (existing && !expired && !stale) return existing.state === 'accepted' ? 'duplicate' : 'in-flight';
    this.claims.set(key, {
      state: 'pending',
      claimedAtMs: now,
      expiresAtSeconds: Math.floor(now / 1000) + (this.options.ttlSeconds ?? DEFAULT_TTL_SECONDS),
    });
    return 'claimed';
  }

  async confirm(channel: Channel, messageId: string): Promise<void> {
    const key = `${channel}#${messageId}`;
    const existing = this.claims.get(key);
    if (existing) existing.state = 'accepted';
    else {
      const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
      const ttlSeconds = this.options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
      this.claims.set(key, { state: 'accepted', expiresAtSeconds: nowSeconds + ttlSeconds });
    }
  }

  async release(channel: Channel, messageId: string): Promise<void> {
    this.claims.delete(`${channel}#${messageId}`);
  }
}

export class MemoryProgressStore implements ProgressStore {
  private readonly records = new Map<string, { progress: MessageProgress; expiresAtMs: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly ttlSeconds = 14 * 24 * 3600,
  ) {}

  async get(channel: Channel, messageId: string): Promise<MessageProgress | undefined> {
    const record = this.records.get(`${channel}#${messageId}`);
    if (!record || record.expiresAtMs <= this.clock.now().getTime()) return undefined;
    return structuredClone(record.progress);
  }

  async put(progress: MessageProgress): Promise<void> {
    // Stored as a copy, like a database would: later changes by the caller do not leak in.
    this.records.set(`${progress.channel}#${progress.messageId}`, {
      progress: structuredClone(progress),
      expiresAtMs: this.clock.now().getTime() + this.ttlSeconds * 1000,
    });
  }
}
