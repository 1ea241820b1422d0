import { CARD_CONTENT_FIELDS, type CardRecord } from '../../core/cards/card.js';
import type { CardStore } from '../../core/ports.js';

/**
 * In-memory cards repository with the same contract as the DynamoDB one
 * (tests/contract/card-store.test.ts): a card reads back as exactly the record's fields, and
 * what is stored or returned is a copy.
 */
export class MemoryCardStore implements CardStore {
  private readonly cards = new Map<string, CardRecord>();
  /** Number of putMany calls that wrote something, for tests of the import's batching. */
  writeCalls = 0;

  constructor(initial: readonly CardRecord[] = []) {
    for (const card of initial) this.cards.set(card.bhxhCode, cardFields(card));
  }

  async get(bhxhCode: string): Promise<CardRecord | undefined> {
    const card = this.cards.get(bhxhCode);
    return card && { ...card };
  }

  async getMany(bhxhCodes: readonly string[]): Promise<Map<string, CardRecord>> {
    const found = new Map<string, CardRecord>();
    for (const code of bhxhCodes) {
      const card = this.cards.get(code);
      if (card) found.set(code, { ...card });
    }
    return found;
  }

  async putMany(records: readonly CardRecord[]): Promise<void> {
    if (records.length > 0) this.writeCalls++;
    for (const record of records) this.cards.set(record.bhxhCode, cardFields(record));
  }

  get size(): number {
    return this.cards.size;
  }
}

/** The record's own fields only, as the table adapter reads them back (extra properties dropped). */
function cardFields(record: CardRecord): CardRecord {
  const card: Record<string, unknown> = { updatedAt: record.updatedAt };
  for (const field of CARD_CONTENT_FIELDS) card[field] = record[field];
  return card as unknown as CardRecord;
}
