/** In-memory dedupe and progress stores with the same contracts as the DynamoDB ones. */
import type { ClaimResult, DedupeStore, MessageProgress, ProgressStore } from '../../app/pipeline.js';
import type { Channel } from '../../core/messages.js';

export class MemoryDedupeStore implements DedupeStore {
  private readonly claims = new Map<string, 'pending' | 'accepted'>();

  async claim(channel: Channel, messageId: string): Promise<ClaimResult> {
    const key = `${channel}#${messageId}`;
    const state = this.claims.get(key);
    if (state === 'accepted') return 'duplicate';
    if (state === 'pending') return 'in-flight';
    this.claims.set(key, 'pending');
    return 'claimed';
  }

  async confirm(channel: Channel, messageId: string): Promise<void> {
    this.claims.set(`${channel}#${messageId}`, 'accepted');
  }

  async release(channel: Channel, messageId: string): Promise<void> {
    this.claims.delete(`${channel}#${messageId}`);
  }
}

export class MemoryProgressStore implements ProgressStore {
  private readonly records = new Map<string, MessageProgress>();

  async get(channel: Channel, messageId: string): Promise<MessageProgress | undefined> {
    return this.records.get(`${channel}#${messageId}`);
  }

  async put(progress: MessageProgress): Promise<void> {
    // Stored as a copy, like a database would: later changes by the caller do not leak in.
    this.records.set(`${progress.channel}#${progress.messageId}`, structuredClone(progress));
  }
}
