import type { FollowerRecord, ZaloFollowerStore } from '../zalo/lifecycle.js';

/**
 * In-memory follower marks with the same contract as DynamoZaloFollowerStore
 * (tests/contract/zalo-follower-store.test.ts): the newest mark wins, a mark reads back as
 * its status and time only.
 */
export class MemoryZaloFollowerStore implements ZaloFollowerStore {
  private readonly records = new Map<string, FollowerRecord>();

  async get(chatHash: string): Promise<FollowerRecord | undefined> {
    const record = this.records.get(chatHash);
    return record && { ...record };
  }

  async mark(chatHash: string, record: FollowerRecord): Promise<void> {
    const current = this.records.get(chatHash);
    if (!current || current.at <= record.at)
      this.records.set(chatHash, { status: record.status, at: record.at });
  }

  async delete(chatHash: string): Promise<void> {
    this.records.delete(chatHash);
  }
}
