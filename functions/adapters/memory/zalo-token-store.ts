import type { ZaloTokenPair, ZaloTokenStore } from '../zalo/token-store.js';

/** In-memory token store with the same conditional semantics as the DynamoDB one. */
export class MemoryZaloTokenStore implements ZaloTokenStore {
  private pair: ZaloTokenPair | undefined;
  private lease: { owner: string; expiresAtMs: number } | undefined;

  async get(): Promise<ZaloTokenPair | undefined> {
    return this.pair;
  }

  async put(pair: ZaloTokenPair, expectedVersion: number | undefined): Promise<boolean> {
    if (expectedVersion === undefined ? this.pair !== undefined : this.pair?.version !== expectedVersion) {
      return false;
    }
    this.pair = pair;
    return true;
  }

  async acquireLease(owner: string, now: Date, ttlSeconds: number): Promise<boolean> {
    if (this.lease && this.lease.expiresAtMs > now.getTime() && this.lease.owner !== owner) return false;
    this.lease = { owner, expiresAtMs: now.getTime() + ttlSeconds * 1000 };
    return true;
  }

  async releaseLease(owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = undefined;
  }
}
