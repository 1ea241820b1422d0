import type { CardRecord, CardStore } from '../../core/cards/card.js';

/** In-memory cards repository with the same contract as the DynamoDB one (unit tests). */
export class MemoryCardStore implements CardStore {
  private readonly cards = new Map<string, CardRecord>();
  /** Number of putMany calls that wrote something, for tests of the import's batching. */
  writeCalls = 0;

  constructor(initial: readonly CardRecord[] = []) {
    for (const card of initial) this.cards.set(card.bhxhCode, card);
  }

  async get(bhxhCode: string): Promise<CardRecord | undefined> {
    return this.cards.get(bhxhCode);
  }

  async getMany(bhxhCodes: readonly string[]): Promise<Map<string, CardRecord>> {
    const found = new Map<string, CardRecord>();
    for (const code of bhxhCodes) {
      const card = this.cards.get(code);
      if (card) found.set(code, card);
    }
    return found;
  }

  async putMany(records: readonly CardRecord[]): Promise<void> {
    if (records.length > 0) this.writeCalls++;
    for (const record of records) this.cards.set(record.bhxhCode, { ...record });
  }

  get size(): number {
    return this.cards.size;
  }
}
