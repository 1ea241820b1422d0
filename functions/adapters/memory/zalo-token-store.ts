import type { ZaloTokenPair, ZaloTokenStore } from '../zalo/token-store.js';

/**
 * In-memory token store with the same conditional semantics as the DynamoDB one
 * (tests/contract/zalo-token-store.test.ts): the lease ends on the whole second, like the
 * table's `expiresAt`, and the pair is kept and returned as a copy.
 */
export class MemoryZaloTokenStore implements ZaloTokenStore {
  private pair: ZaloTokenPair | undefined;
  private lease: { owner: string; expiresAtSeconds: number } | undefined;

  async get(): Promise<ZaloTokenPair | undefined> {
    return this.pair && structuredClone(this.pair);
  }

  async put(pair: ZaloTokenPair, expectedVersion: number | undefined): Promise<boolean> {
    if (expectedVersion === undefined ? this.pair !== undefined : this.pair?.version !== expectedVersion) {
      return false;
    }
    this.pair = structuredClone(pair);
    return true;
  }

  async acquireLease(owner: string, now: Date, ttlSeconds: number): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (this.lease && this.lease.expiresAtSeconds > nowSeconds && this.lease.owner !== owner) return false;
    this.lease = { owner, expiresAtSeconds: nowSeconds + ttlSeconds };
    return true;
  }

  async releaseLease(owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = undefined;
  }
}
