import type { FollowerRecord, ZaloFollowerStore } from '../zalo/lifecycle.js';

export class MemoryZaloFollowerStore implements ZaloFollowerStore {
  private readonly records = new Map<string, FollowerRecord>();

  async get(chatHash: string): Promise<FollowerRecord | undefined> {
    return this.records.get(chatHash);
  }

  async mark(chatHash: string, record: FollowerRecord): Promise<void> {
    const current = this.records.get(chatHash);
    if (!current || current.at <= record.at) this.records.set(chatHash, record);
  }

  async delete(chatHash: string): Promise<void> {
    this.records.delete(chatHash);
  }
}
